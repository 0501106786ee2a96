import { describe, expect, it } from 'vitest'
import { MOCK_DEFAULTS, mockText, mockTokens } from '../src/index.js'

const defaults = { seed: MOCK_DEFAULTS.seed, tokens: MOCK_DEFAULTS.tokens, json: false }
const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 - 100)
/** With the `u` flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u

describe('mockTokens in prose mode', () => {
  it('gives byte-identical tokens for the same seed', () => {
    expect(mockTokens(defaults)).toEqual(mockTokens({ ...defaults }))
    expect(mockTokens(defaults)).toHaveLength(64)
  })

  it('gives different text for different seeds', () => {
    const texts = new Set(
      [1, 2, -1, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER].map((seed) =>
        mockText({ ...defaults, seed }),
      ),
    )
    expect(texts.size).toBe(5)
  })

  it('puts every line break and an astral character in the default text', () => {
    const text = mockText(defaults)
    expect(text).toContain('\r\n')
    expect(text).toMatch(/\r(?!\n)/)
    expect(text).toMatch(/(?<!\r)\n/)
    expect(text).toContain('\u2028')
    expect(text).toMatch(ASTRAL)
  })

  it.each(SEEDS)('covers every line break within 64 tokens for seed %i', (seed) => {
    const tokens = mockTokens({ ...defaults, seed })
    for (const lineBreak of ['\n', '\r\n', '\r', '\u2028']) expect(tokens).toContain(lineBreak)
    expect(tokens.join('')).toMatch(ASTRAL)
  })

  it('never starts with a space and never splits a surrogate pair', () => {
    for (const seed of SEEDS) {
      const tokens = mockTokens({ ...defaults, seed, tokens: 500 })
      expect(tokens[0]).toMatch(/^\S/)
      expect(tokens.filter((token) => token === '' || LONE_SURROGATE.test(token))).toEqual([])
    }
  })

  it('draws one token in every eight from the hard text', () => {
    const ordinary = /^(?: ?[A-Za-z]+|[,.;:!?]| —|\.\.\.)$/
    const tokens = mockTokens({ ...defaults, tokens: 8000 })
    expect(tokens.filter((token) => !ordinary.test(token))).toHaveLength(1000)
  })

  it('gives no tokens for tokens: 0', () => {
    expect(mockTokens({ ...defaults, tokens: 0 })).toEqual([])
  })
})

describe('mockTokens in JSON mode', () => {
  const json = { ...defaults, json: true }

  it.each([1, 2, 7, 64, 1000])('cuts valid JSON into exactly %i non-empty pieces', (tokens) => {
    const pieces = mockTokens({ ...json, tokens })
    expect(pieces).toHaveLength(tokens)
    expect(pieces.filter((piece) => piece === '')).toEqual([])
    expect(() => JSON.parse(pieces.join(''))).not.toThrow()
  })

  it('grows the document to at least four characters a token', () => {
    expect(mockText({ ...json, tokens: 1000 }).length).toBeGreaterThanOrEqual(4000)
  })

  it('gives the same pieces for the same seed and different ones for another', () => {
    expect(mockTokens(json)).toEqual(mockTokens({ ...json }))
    expect(mockText({ ...json, seed: 2 })).not.toBe(mockText(json))
  })

  it('holds every kind of JSON value, escape and non-ASCII text', () => {
    const text = mockText({ ...json, tokens: 256 })
    const expected = ['{"', '[', '\\"', '\\\\', '\\n', '\\u0007', 'true', 'false', 'null']
    for (const fragment of expected) expect(text).toContain(fragment)
    expect(text).toMatch(/:-\d+,/)
    expect(text).toMatch(/:\d+\.\d+,/)
    expect(text).toMatch(/\de-\d/)
    expect(text).toMatch(/\de\+\d/)
    expect(text).toMatch(ASTRAL)
    expect(text).toContain('日本語')
  })

  it('never splits a surrogate pair', () => {
    for (const seed of SEEDS) {
      const pieces = mockTokens({ ...json, seed, tokens: 300 })
      expect(pieces.filter((piece) => LONE_SURROGATE.test(piece))).toEqual([])
    }
  })

  it('gives no pieces for tokens: 0', () => {
    expect(mockTokens({ ...json, tokens: 0 })).toEqual([])
  })
})
