import { describe, expect, it } from 'vitest'
import { JsonParseError, PartialJsonParser } from '../../../src/index.js'

const fenced = '\n```json\n{"a": [1, "x"]}\n```\n'

function parse(pieces: readonly string[], allowMarkdownFence = true) {
  const parser = new PartialJsonParser({ allowMarkdownFence })
  for (const piece of pieces) parser.push(piece)
  return parser.end()
}

describe('markdown fence', () => {
  it('is an error by default', () => {
    expect(() => parse([fenced], false)).toThrow(
      "Expected a JSON value, found '`' at line 2, column 1",
    )
  })

  it('is stripped when allowed, split anywhere', () => {
    for (let cut = 0; cut <= fenced.length; cut++) {
      expect(parse([fenced.slice(0, cut), fenced.slice(cut)])).toEqual({ a: [1, 'x'] })
    }
    expect(parse(fenced.split(''))).toEqual({ a: [1, 'x'] })
  })

  it('shows the value while the fence is open, and nothing of the fence', () => {
    const parser = new PartialJsonParser({ allowMarkdownFence: true })
    const values = ['``', '`js', 'on\r\n{"a', '": "b', '"}\n`', '``'].map((piece) => {
      parser.push(piece)
      return [parser.value, parser.done]
    })
    expect(values).toEqual([
      [undefined, false],
      [undefined, false],
      [{}, false],
      [{ a: 'b' }, false],
      [{ a: 'b' }, true],
      [{ a: 'b' }, true],
    ])
  })

  it('accepts a fence without a language tag, and a root number before the closing fence', () => {
    expect(parse(['```\n', '42', '```'])).toBe(42)
    expect(parse(['```\n42\n```'])).toBe(42)
  })

  it('accepts a tag of letters, digits, + - . _ # and spaces, and nothing else', () => {
    for (const tag of [' JSON5 ', 'c++', 'objective-c', 'x.y_z', 'c#', '\tjson']) {
      expect(parse([`\`\`\`${tag}\n[1]\n\`\`\``])).toEqual([1])
    }
    for (const bad of ['@', '[', '`', '/', ':', '{', '\u00e9']) {
      expect(() => parse([`\`\`\`js${bad}\n[1]\n\`\`\``])).toThrow(
        /^Expected a language tag or a line break after '```', found .* at line 1, column 6$/,
      )
    }
  })

  it('accepts no fence at all when allowed', () => {
    expect(parse([' {"a": 1} '])).toEqual({ a: 1 })
  })

  it.each([
    ['``json\n{}\n```', "Expected '```' to open a markdown fence, found 'j' at line 1, column 3"],
    [
      '```json {}\n```',
      "Expected a language tag or a line break after '```', found '{' at line 1, column 9",
    ],
    [
      '```json\n{}\n``',
      "Unexpected end of input: expected '```' to close the markdown fence at line 3, column 3",
    ],
    [
      '```json\n{}\n',
      "Unexpected end of input: expected the closing '```' of the markdown fence, or whitespace at line 3, column 1",
    ],
    [
      '```json\n{}\n```\nmore',
      "Expected only whitespace after the closing '```', found 'm' at line 4, column 1",
    ],
    [
      '```json\n{}\n`x',
      "Expected '```' to close the markdown fence, found 'x' at line 3, column 2",
    ],
    [
      '```json',
      "Unexpected end of input: expected a language tag or a line break after '```' at line 1, column 8",
    ],
    ['{}\n```', "Expected the end of input after the JSON value, found '`' at line 2, column 1"],
  ])('%j fails with a position', (text, message) => {
    for (const pieces of [[text], text.split('')]) {
      const error = (() => {
        try {
          parse(pieces)
        } catch (e) {
          return e
        }
      })()
      expect(error).toBeInstanceOf(JsonParseError)
      expect((error as Error).message).toBe(message)
    }
  })
})
