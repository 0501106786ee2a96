import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  JsonParseError,
  type JsonValue,
  PartialJsonParser,
  parsePartialJson,
} from '../../../src/index.js'
import {
  cuts,
  jsonishText,
  jsonText,
  mutate,
  mutation,
  numberLiteral,
  SEED,
  split,
  stringLiteral,
  validJson,
  whitespace,
} from './arbitraries.js'
import {
  expectGrowsInto,
  expectJsonEqual,
  expectShared,
  lineAndColumn,
  pathsOf,
  valueAt,
} from './consistency.js'

const RUNS = { seed: SEED, numRuns: 500 }

/** Pushes `pieces`, checking each snapshot against the one before; returns them all. */
function pushChecked(parser: PartialJsonParser, pieces: readonly string[]): JsonValue[] {
  const snapshots: JsonValue[] = []
  const clones: JsonValue[] = []
  let previous: JsonValue | undefined
  for (const piece of pieces) {
    parser.push(piece)
    const value = parser.value
    expect(parser.value).toBe(value)
    if (previous !== undefined) {
      expect(value).not.toBeUndefined()
      expectGrowsInto(previous, value as JsonValue)
      expectShared(previous, value as JsonValue)
    }
    if (value !== undefined) {
      snapshots.push(value)
      clones.push(structuredClone(value))
      previous = value
    }
  }
  // Snapshots handed out are never mutated by later pushes.
  expectJsonEqual(snapshots, clones)
  return snapshots
}

/** The error of parsing `pieces`, or the final value. */
function outcome(pieces: readonly string[]): JsonValue | JsonParseError {
  const parser = new PartialJsonParser()
  try {
    for (const piece of pieces) parser.push(piece)
    return parser.end()
  } catch (error) {
    if (error instanceof JsonParseError) return error
    throw error
  }
}

function jsonParse(text: string): JsonValue | SyntaxError {
  try {
    return JSON.parse(text) as JsonValue
  } catch (error) {
    return error as SyntaxError
  }
}

describe('PartialJsonParser on any valid JSON, split anywhere', () => {
  it('ends with JSON.parse of the text', () => {
    fc.assert(
      fc.property(validJson, cuts, (text, at) => {
        const parser = new PartialJsonParser()
        for (const piece of split(text, at)) parser.push(piece)
        expectJsonEqual(parser.end(), JSON.parse(text))
        expect(parser.done).toBe(true)
        expect(parser.isComplete([])).toBe(true)
      }),
      RUNS,
    )
  })

  it('shows partial values that only grow, towards the final value', () => {
    fc.assert(
      fc.property(validJson, cuts, (text, at) => {
        const parser = new PartialJsonParser()
        const snapshots = pushChecked(parser, split(text, at))
        const final = parser.end()
        for (const snapshot of snapshots) expectGrowsInto(snapshot, final)
        // The final value is the last snapshot, unless a root number completed at the end.
        if (typeof final === 'object' && final !== null) expect(final).toBe(snapshots.at(-1))
      }),
      RUNS,
    )
  })

  it('shows after each push what one push of the whole prefix shows', () => {
    fc.assert(
      fc.property(validJson, cuts, (text, at) => {
        const parser = new PartialJsonParser()
        let prefix = ''
        for (const piece of split(text, at)) {
          parser.push(piece)
          prefix += piece
          expectJsonEqual(parser.value, parsePartialJson(prefix), JSON.stringify(prefix))
        }
      }),
      RUNS,
    )
  })

  it('says a path is complete only when its value is final', () => {
    fc.assert(
      fc.property(jsonText(), cuts, (text, at) => {
        const parser = new PartialJsonParser()
        const final = JSON.parse(text) as JsonValue
        for (const piece of split(text, at)) {
          parser.push(piece)
          const value = parser.value
          if (value === undefined) continue
          for (const path of pathsOf(value)) {
            if (parser.isComplete(path)) expectJsonEqual(valueAt(value, path), valueAt(final, path))
          }
        }
        parser.end()
        for (const path of pathsOf(final)) expect(parser.isComplete(path)).toBe(true)
      }),
      RUNS,
    )
  })

  it('reads strings full of escapes and surrogates, and numbers of every form', () => {
    const scalar = fc.oneof(stringLiteral, numberLiteral)
    const document = fc
      .tuple(whitespace, fc.array(scalar, { maxLength: 4 }), scalar, whitespace)
      .map(([before, items, root, after]) => [`${before}[${items.join(',')}]${after}`, root])
    fc.assert(
      fc.property(document, cuts, ([array, root], at) => {
        for (const text of [array as string, root as string]) {
          const parser = new PartialJsonParser()
          pushChecked(parser, split(text, at))
          expectJsonEqual(parser.end(), JSON.parse(text))
        }
      }),
      RUNS,
    )
  })

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    fc.assert(
      fc.property(jsonText({ duplicateKeys: true }), cuts, (text, at) => {
        expectJsonEqual(outcome(split(text, at)), JSON.parse(text))
      }),
      RUNS,
    )
  })

  it('strips a markdown fence split anywhere, and reads fence-less text the same', () => {
    const fenced = fc
      .tuple(validJson, whitespace, fc.constantFrom('', 'json', 'JSON ', 'jsonc'), whitespace)
      .map(([text, before, tag, after]) => [text, `${before}\`\`\`${tag}\n${text}${after}\`\`\`\n`])
    fc.assert(
      fc.property(fenced, cuts, ([text, wrapped], at) => {
        for (const input of [wrapped as string, text as string]) {
          const parser = new PartialJsonParser({ allowMarkdownFence: true })
          for (const piece of split(input, at)) parser.push(piece)
          expectJsonEqual(parser.end(), JSON.parse(text as string))
        }
      }),
      RUNS,
    )
  })
})

describe('PartialJsonParser on invalid JSON', () => {
  const cases = fc.oneof(
    fc.tuple(validJson, mutation).map(([text, change]) => mutate(text, change)),
    jsonishText,
  )

  it('agrees with JSON.parse: the same value, or an error, whatever the split', () => {
    fc.assert(
      fc.property(cases, cuts, (text, at) => {
        const expected = jsonParse(text)
        const actual = outcome(split(text, at))
        if (expected instanceof SyntaxError) expect(actual).toBeInstanceOf(JsonParseError)
        else expectJsonEqual(actual, expected)
      }),
      { ...RUNS, numRuns: 2000 },
    )
  })

  it('fails as soon as the text cannot be JSON, at the same place whatever the split', () => {
    fc.assert(
      fc.property(cases, cuts, (text, at) => {
        const whole = outcome([text])
        if (!(whole instanceof JsonParseError)) return
        const { offset, line, column, message } = whole
        expectJsonEqual({ line, column }, lineAndColumn(text, offset))
        const pieces = outcome(split(text, at)) as JsonParseError
        expect(pieces.message).toBe(message)
        // The text before the offset is a valid prefix; the code unit at the offset is not.
        const prefix = new PartialJsonParser()
        prefix.push(text.slice(0, offset))
        if (offset < text.length) {
          expect(() => prefix.push(text.charAt(offset))).toThrow(message)
        } else {
          expect(() => prefix.end()).toThrow(message)
        }
      }),
      { ...RUNS, numRuns: 2000 },
    )
  })
})
