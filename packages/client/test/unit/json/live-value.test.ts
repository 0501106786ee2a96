import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { JsonParseError, type JsonPath, PartialJsonParser } from '../../../src/index.js'
import {
  cuts,
  jsonishText,
  jsonText,
  mutate,
  mutation,
  SEED,
  split,
  validJson,
} from './arbitraries.js'
import { expectJsonEqual, pathsOf } from './consistency.js'

const RUNS = { seed: SEED, numRuns: 200 }

/** Paths that exist in `value`, plus near misses: a missing key, an index past the end. */
function probes(value: unknown): JsonPath[] {
  if (value === undefined) return [[], ['a'], [0]]
  const paths = pathsOf(value as never)
  return [
    ...paths,
    ...paths.flatMap((path) => [
      [...path, 'missing'],
      [...path, 99],
      [...path, '0'],
      // Not an index: the live walk once took any number in range for one.
      [...path, 0.5],
    ]),
  ]
}

/**
 * Feeds the same pieces to a snapshot parser and a live one, and after every piece checks that
 * the live value shows exactly what the snapshot shows, with the same completed paths, and at the
 * end the same error or final value.
 */
function feedBoth(pieces: readonly string[]): void {
  const snapshot = new PartialJsonParser()
  const live = new PartialJsonParser({ snapshots: false })
  const outcome = (parser: PartialJsonParser, work: () => unknown) => {
    try {
      return { value: work() }
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error
      return { error: error.message, value: parser.value }
    }
  }
  for (const piece of pieces) {
    const a = outcome(snapshot, () => snapshot.push(piece))
    const b = outcome(live, () => live.push(piece))
    expect(b.error).toBe(a.error)
    expectJsonEqual(live.value, snapshot.value, `after ${JSON.stringify(piece)}`)
    expect(live.done).toBe(snapshot.done)
    for (const path of probes(snapshot.value)) {
      expect(live.isComplete(path), JSON.stringify(path)).toBe(snapshot.isComplete(path))
    }
    if (a.error) return
  }
  const a = outcome(snapshot, () => snapshot.end())
  const b = outcome(live, () => live.end())
  expect(b.error).toBe(a.error)
  expectJsonEqual(b.value, a.value)
}

describe('PartialJsonParser with snapshots: false (the live value)', () => {
  it('shows what the snapshots show, after every piece of any valid JSON', () => {
    fc.assert(
      fc.property(validJson, cuts, (text, cutPoints) => feedBoth(split(text, cutPoints))),
      RUNS,
    )
  })

  it('agrees with the snapshots on duplicate keys', () => {
    fc.assert(
      fc.property(jsonText({ duplicateKeys: true }), cuts, (text, cutPoints) =>
        feedBoth(split(text, cutPoints)),
      ),
      RUNS,
    )
  })

  it('fails where the snapshots fail, on mutated and random text', () => {
    fc.assert(
      fc.property(validJson, mutation, cuts, (text, change, cutPoints) =>
        feedBoth(split(mutate(text, change), cutPoints)),
      ),
      RUNS,
    )
    fc.assert(
      fc.property(jsonishText, (text) => feedBoth(split(text, true))),
      RUNS,
    )
  })

  it('is one value, updated in place', () => {
    const parser = new PartialJsonParser({ snapshots: false })
    parser.push('{"items": [{"name": "a')
    const root = parser.value as { items: { name: string }[] }
    expect(root).toEqual({ items: [{ name: 'a' }] })
    parser.push('b"}, 1')
    expect(parser.value).toBe(root)
    expect(root).toEqual({ items: [{ name: 'ab' }] })
    expect(parser.isComplete(['items', 0])).toBe(true)
    expect(parser.isComplete(['items'])).toBe(false)
    parser.push(']}')
    expect(parser.end()).toBe(root)
    expect(root).toEqual({ items: [{ name: 'ab' }, 1] })
    expect(parser.isComplete([])).toBe(true)
  })

  it('keeps a __proto__ member as data and reads a fenced document', () => {
    const parser = new PartialJsonParser({ snapshots: false, allowMarkdownFence: true })
    parser.push('```json\n{"__proto__": {"x": 1}, "s": "\\u00')
    expect(Object.getPrototypeOf(parser.value)).toBe(Object.prototype)
    expect(parser.value).toEqual(JSON.parse('{"__proto__": {"x": 1}, "s": ""}'))
    parser.push('e9"}\n```\n')
    expectJsonEqual(parser.end(), JSON.parse('{"__proto__": {"x": 1}, "s": "é"}'))
  })
})
