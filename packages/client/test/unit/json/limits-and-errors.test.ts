import { describe, expect, it } from 'vitest'
import { JsonParseError, PartialJsonParser, SluiceError } from '../../../src/index.js'

/** The JsonParseError of pushing `pieces` and ending. */
function errorOf(pieces: readonly string[], options = {}): JsonParseError {
  const parser = new PartialJsonParser(options)
  try {
    for (const piece of pieces) parser.push(piece)
    parser.end()
  } catch (error) {
    expect(error).toBeInstanceOf(JsonParseError)
    return error as JsonParseError
  }
  throw new Error('no error')
}

describe('nesting', () => {
  it('accepts exactly maxDepth levels and rejects one more', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
    const parser = new PartialJsonParser({ maxDepth: 5 })
    parser.push(nested(5))
    expect(parser.end()).toEqual([[[[[]]]]])
    const error = errorOf([nested(6)], { maxDepth: 5 })
    expect(error.offset).toBe(5)
    expect(error.message).toBe(
      "Expected at most 5 levels of nesting (maxDepth), found '[' at line 1, column 6",
    )
  })

  it('allows 512 levels by default, objects and arrays mixed', () => {
    const open = '{"a":['.repeat(256)
    const close = ']}'.repeat(256)
    const parser = new PartialJsonParser()
    parser.push(open)
    parser.push(close)
    expect(parser.end()).toEqual(JSON.parse(open + close))
    expect(errorOf([`[${open}${close}]`]).message).toMatch(/at most 512 levels/)
  })

  it('rejects a maxDepth that is not a whole number', () => {
    expect(() => new PartialJsonParser({ maxDepth: 1.5 })).toThrow(SluiceError)
    expect(() => new PartialJsonParser({ maxDepth: -1 })).toThrow(/maxDepth/)
  })
})

describe('invalid JSON', () => {
  it.each([
    [
      '{"a": 1,\n "b": 2\n  x}',
      "Expected ',' or '}' after an object member, found 'x' at line 3, column 3",
    ],
    ['[1, 2,]', "Expected a JSON value, found ']' at line 1, column 7"],
    ['{"a" 1}', "Expected ':' after an object key, found '1' at line 1, column 6"],
    ['{a: 1}', `Expected '"' to start a key, or '}', found 'a' at line 1, column 2`],
    ['[01]', "Expected '.', 'e' or the end of a number after '0', found '1' at line 1, column 3"],
    ['[1.]', "Expected a digit after '.', found ']' at line 1, column 4"],
    ['[+1]', "Expected a value or ']', found '+' at line 1, column 2"],
    ['[.5]', "Expected a value or ']', found '.' at line 1, column 2"],
    ['[-x]', "Expected a digit after '-', found 'x' at line 1, column 3"],
    ['[1e+]', "Expected a digit after an exponent's sign, found ']' at line 1, column 5"],
    ['[NaN]', "Expected a value or ']', found 'N' at line 1, column 2"],
    ['[trUe]', "Expected 'u' in 'true', found 'U' at line 1, column 4"],
    ['[1x]', "Expected ',' or ']' after an array element, found 'x' at line 1, column 3"],
    [
      '"a\tb"',
      'Expected an escape sequence instead of a control character, found U+0009 at line 1, column 3',
    ],
    [
      '"\\x"',
      "Expected an escape character (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u), found 'x' at line 1, column 3",
    ],
    ['"\\u12G4"', "Expected a hex digit of a \\u escape, found 'G' at line 1, column 6"],
    [
      '{}\r\n\r\n {}',
      "Expected the end of input after the JSON value, found '{' at line 3, column 2",
    ],
    ['\u00a0[]', 'Expected a JSON value, found U+00A0 at line 1, column 1'],
    ['\r\r\n[1 2]', "Expected ',' or ']' after an array element, found '2' at line 3, column 4"],
  ])('%j fails with a position', (text, message) => {
    const error = errorOf(text.split(''))
    expect(error.message).toBe(message)
    expect(error.code).toBe('invalid-json')
    expect(error.name).toBe('JsonParseError')
    expect(SluiceError.is(error)).toBe(true)
    expect(errorOf([text]).message).toBe(message)
  })

  it.each([
    ['', 'a JSON value', 0],
    ['  ', 'a JSON value', 2],
    ['{"a": [1, 2', "',' or ']' after an array element", 11],
    ['{"a', `a string character or '"'`, 3],
    ['"\\u12', 'a hex digit of a \\u escape', 5],
    ['[tr', "'u' in 'true'", 3],
    ['-', "a digit after '-'", 1],
    ['{"a":', 'a JSON value', 5],
  ])('end() after %j: unexpected end of input', (text, expected, offset) => {
    const error = errorOf([text])
    expect(error.message).toBe(
      `Unexpected end of input: expected ${expected} at line 1, column ${offset + 1}`,
    )
    expect(error.offset).toBe(offset)
  })

  it('throws the same error on every push and end() after the first', () => {
    const parser = new PartialJsonParser()
    parser.push('{"a": [1')
    const error = (() => {
      try {
        parser.push('}')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(JsonParseError)
    expect(() => parser.push('}')).toThrow(error as Error)
    expect(() => parser.end()).toThrow(error as Error)
    // The value stays that of the valid prefix: 1 was not followed by a delimiter.
    expect(parser.value).toEqual({ a: [] })
  })

  it('does not accept pushes after end()', () => {
    const parser = new PartialJsonParser()
    parser.push('[]')
    parser.end()
    expect(() => parser.push(' ')).toThrow(/after end/)
  })
})
