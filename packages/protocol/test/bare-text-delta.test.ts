import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { parseJson } from '../src/decode.js'
import { decodePayload, ProtocolError } from '../src/index.js'
import { expectProtocolError } from './helpers/errors.js'

type Outcome = { event: unknown } | { code: string; message: string }

function outcome(decode: () => unknown): Outcome {
  try {
    return { event: decode() }
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error
    return { code: error.code, message: error.message }
  }
}

/**
 * The same data through `JSON.parse`: JSON ignores leading whitespace, and a bare text delta
 * starts with `{`.
 */
const generalPath = (seq: number, json: string) => () =>
  decodePayload(seq, 'text-delta', ` ${json}`)

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
})
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), codeUnits)

/** Pieces of JSON and of almost-JSON, glued together in any order. */
const jsonIshPiece = fc.constantFrom(
  '{',
  '}',
  '"text"',
  '"txt"',
  ':',
  '"',
  ',',
  '\\',
  '\\"',
  '\\u0041',
  '\\ud800',
  ' ',
  '\n',
  '\u0000',
  '\u001f',
  'a',
  'é',
  '1',
  'null',
  '[',
  ']',
)

const jsonIsh = fc.oneof(
  // The bare shape, with anything at all inside the quotes.
  anyString.map((content) => `{"text":"${content}"}`),
  // Valid JSON the way a server might write it.
  anyString.map((text) => JSON.stringify({ text })),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .tuple(anyString, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }))
    .map(([text, rest]) => JSON.stringify({ text, ...rest })),
  fc.array(jsonIshPiece, { maxLength: 12 }).map((pieces) => `{"text":"${pieces.join('')}`),
  fc.array(jsonIshPiece, { maxLength: 16 }).map((pieces) => pieces.join('')),
)

/** What `parse` returns, or the kind of error it throws. */
function parsed(parse: () => unknown): { value: unknown } | { thrown: string } {
  try {
    return { value: parse() }
  } catch (error) {
    return { thrown: (error as Error).name }
  }
}

describe('a bare text delta (decoded without JSON.parse)', () => {
  it('decodes exactly as through JSON.parse, or fails with the same error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), jsonIsh, (seq, json) => {
        const fast = outcome(() => decodePayload(seq, 'text-delta', json))
        expect(fast).toStrictEqual(outcome(generalPath(seq, json)))
      }),
      { numRuns: 5000, seed: 10 },
    )
  })

  it('parseJson gives what JSON.parse gives, or throws the same kind of error', () => {
    fc.assert(
      fc.property(jsonIsh, (json) => {
        expect(parsed(() => parseJson(json))).toStrictEqual(parsed(() => JSON.parse(json)))
      }),
      { numRuns: 5000, seed: 11 },
    )
  })

  it.for([
    ['plain text', '{"text":"Hello"}', 'Hello'],
    ['an empty string', '{"text":""}', ''],
    ['non-ASCII text', '{"text":"héllo 👋"}', 'héllo 👋'],
    ['a lone surrogate, as JSON.parse keeps it', '{"text":"\ud800"}', '\ud800'],
    ['an escaped quote', '{"text":"a\\"b"}', 'a"b'],
    ['an escaped line break', '{"text":"a\\nb"}', 'a\nb'],
    ['a \\u escape', '{"text":"\\u0041"}', 'A'],
    ['whitespace', '{ "text": "a" }', 'a'],
    ['an escaped key', '{"\\u0074ext":"a"}', 'a'],
  ])('with %s', ([, json, text]) => {
    expect(parseJson(json as string)).toStrictEqual({ text })
    expect(decodePayload(2, 'text-delta', json as string)).toStrictEqual({
      seq: 2,
      type: 'text-delta',
      data: { text },
    })
  })

  it('keeps another field, in either order', () => {
    for (const json of ['{"text":"a","x":1}', '{"x":1,"text":"a"}']) {
      expect(decodePayload(2, 'text-delta', json)?.data).toStrictEqual({ text: 'a', x: 1 })
    }
  })

  it('still rejects what JSON forbids inside a string', () => {
    for (const json of ['{"text":"a\nb"}', '{"text":"\u0000"}', '{"text":"a\\"}']) {
      expect(() => parseJson(json)).toThrow(SyntaxError)
      expectProtocolError(() => decodePayload(2, 'text-delta', json), 'invalid-json')
    }
  })

  // A longer slice would be a view into the network chunk, keeping it alive with the text.
  it('is taken for a text of up to 12 characters, which V8 copies when sliced', () => {
    const parse = vi.spyOn(JSON, 'parse')
    try {
      expect(parseJson('{"text":"twelve chars"}')).toStrictEqual({ text: 'twelve chars' })
      expect(parse).not.toHaveBeenCalled()
      expect(parseJson('{"text":"thirteen char"}')).toStrictEqual({ text: 'thirteen char' })
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })

  it('still may not be event 1', () => {
    expectProtocolError(() => decodePayload(1, 'text-delta', '{"text":"a"}'), 'invalid-event')
  })
})
