import { describe, expect, it } from 'vitest'
import { mockJsonDocument, splitIntoDeltas } from '../src/index.js'

const SEEDS = [1, 2, 42, -7, 2 ** 40 + 3]
/** With the `u` flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/** The widest object and the longest array anywhere in `value`, and how deep it nests. */
function shape(value: unknown, depth = 0): { keys: number; items: number; depth: number } {
  let result = { keys: 0, items: 0, depth }
  const children = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object'
      ? Object.values(value)
      : []
  if (Array.isArray(value)) result.items = value.length
  else if (value !== null && typeof value === 'object') result.keys = children.length
  for (const child of children) {
    const inner = shape(child, depth + 1)
    result = {
      keys: Math.max(result.keys, inner.keys),
      items: Math.max(result.items, inner.items),
      depth: Math.max(result.depth, inner.depth),
    }
  }
  return result
}

describe('mockJsonDocument', () => {
  it('gives the same text for the same seed and size, and another for another seed', () => {
    expect(mockJsonDocument(5, 10_000)).toBe(mockJsonDocument(5, 10_000))
    expect(new Set(SEEDS.map((seed) => mockJsonDocument(seed, 2_000))).size).toBe(SEEDS.length)
  })

  it.each([1_000, 10_000, 100_000, 1_000_000])(
    'writes valid JSON of about %i bytes with bounded fan-out',
    (size) => {
      for (const seed of size < 1_000_000 ? SEEDS : [1]) {
        const text = mockJsonDocument(seed, size)
        const value: unknown = JSON.parse(text)
        expect(utf8Bytes(text)).toBeGreaterThan(size * 0.9)
        expect(utf8Bytes(text)).toBeLessThan(size * 1.25)
        expect(value).toBeTypeOf('object')
        expect(Array.isArray(value)).toBe(false)
        const { keys, items, depth } = shape(value)
        expect(keys).toBeLessThanOrEqual(12)
        expect(items).toBeLessThanOrEqual(32)
        expect(depth).toBeLessThanOrEqual(16)
      }
    },
  )

  it('nests sections as it grows', () => {
    const depths = [1_000, 100_000, 1_000_000].map(
      (size) => shape(JSON.parse(mockJsonDocument(1, size))).depth,
    )
    expect(depths[1]).toBeGreaterThan(depths[0] ?? 0)
    expect(depths[2]).toBeGreaterThan(depths[1] ?? 0)
  })

  it('holds every kind of value, escape and number form', () => {
    const text = mockJsonDocument(1, 100_000)
    const fragments = ['\\"', '\\\\', '\\n', '\\r', '\\t', '\\b', '\\f', '\\u0000', '\\/']
    for (const fragment of fragments) expect(text).toContain(fragment)
    for (const literal of [':true', ':false', ':null']) expect(text).toContain(literal)
    // Non-ASCII both raw and as \u escapes, astral ones as escaped surrogate pairs too.
    expect(text).toMatch(ASTRAL)
    expect(text).toContain('日本語')
    expect(text).toMatch(/\\u[0-9a-f]{2}[a-f][0-9a-f]/)
    expect(text).toMatch(/\\u[0-9A-F]{2}[A-F][0-9A-F]/)
    expect(text).toMatch(/\\ud83[cd]\\ud[c-f][0-9a-f]{2}/i)
    // Numbers: negative, zero forms, fractions, exponents with both cases and signs, and more
    // digits than a double holds.
    for (const number of [':-0,', ':0,', ':0.0,', ':0e0,']) expect(text).toContain(number)
    expect(text).toMatch(/:-\d+[,}\]]/)
    expect(text).toMatch(/:\d+\.\d+0[,}\]]/)
    expect(text).toMatch(/\de\d/)
    expect(text).toMatch(/\dE\+\d/)
    expect(text).toMatch(/\de-\d/)
    expect(text).toMatch(/[:[,]1\d{19}[,}\]]/)
    expect(text).toMatch(/:[[{]/)
    expect(text).toContain('"":')
  })

  it('lays out the same value with indentation when asked', () => {
    const compact = mockJsonDocument(3, 5_000)
    const indented = mockJsonDocument(3, 5_000, { indent: 2 })
    expect(indented).toContain('\n  "')
    expect(JSON.parse(indented)).toEqual(JSON.parse(compact))
  })

  it('is one small record below 600 bytes', () => {
    for (const size of [0, 24, 100, 400]) {
      const value = JSON.parse(mockJsonDocument(9, size))
      expect(shape(value).keys).toBeGreaterThanOrEqual(2)
      expect(value).not.toHaveProperty('items')
    }
  })

  it('refuses a negative or missing size', () => {
    expect(() => mockJsonDocument(1, -1)).toThrow(RangeError)
    expect(() => mockJsonDocument(1, Number.NaN)).toThrow(RangeError)
  })
})

describe('splitIntoDeltas', () => {
  const text = mockJsonDocument(1, 20_000)

  it('cuts the whole text into 1–8 characters, the same way for the same seed', () => {
    const deltas = splitIntoDeltas(text, 4)
    expect(deltas.join('')).toBe(text)
    expect(deltas.every((delta) => delta.length >= 1 && delta.length <= 8)).toBe(true)
    expect(new Set(deltas.map((delta) => delta.length)).size).toBe(8)
    expect(splitIntoDeltas(text, 4)).toEqual(deltas)
    expect(splitIntoDeltas(text, 5)).not.toEqual(deltas)
  })

  it('cuts anywhere: inside escapes and inside surrogate pairs', () => {
    const deltas = splitIntoDeltas(text, 1)
    expect(deltas.some((delta) => delta.endsWith('\\'))).toBe(true)
    expect(deltas.some((delta) => /\\u[0-9a-fA-F]{0,3}$/.test(delta))).toBe(true)
    expect(deltas.some((delta) => LONE_SURROGATE.test(delta))).toBe(true)
  })

  it('keeps surrogate pairs whole when asked, one unit over the length at most', () => {
    const deltas = splitIntoDeltas(text, 1, { keepSurrogatePairs: true })
    expect(deltas.join('')).toBe(text)
    expect(deltas.filter((delta) => LONE_SURROGATE.test(delta))).toEqual([])
    expect(Math.max(...deltas.map((delta) => delta.length))).toBeLessThanOrEqual(9)
  })

  it('honours maxLength and refuses one below 1', () => {
    expect(splitIntoDeltas('abcdef', 1, { maxLength: 1 })).toEqual([...'abcdef'])
    expect(splitIntoDeltas('', 1)).toEqual([])
    expect(() => splitIntoDeltas('abc', 1, { maxLength: 0 })).toThrow(RangeError)
    expect(() => splitIntoDeltas('abc', 1, { maxLength: 1.5 })).toThrow(RangeError)
  })
})
