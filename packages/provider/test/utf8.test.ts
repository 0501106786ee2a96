import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitsSurrogatePair, utf8Length } from '../src/index.js'

describe('utf8Length', () => {
  it('counts what TextEncoder writes, lone surrogates included', () => {
    const encoder = new TextEncoder()
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        for (const text of [a, b, `${a}\ud800`, `\udc00${b}`]) {
          expect(utf8Length(text)).toBe(encoder.encode(text).byteLength)
        }
      }),
      { seed: 5 },
    )
  })
})

describe('splitsSurrogatePair', () => {
  it('is true only between the halves of a pair', () => {
    const text = 'a😀b\ud800c'
    expect([0, 1, 2, 3, 4, 5, 6].map((index) => splitsSurrogatePair(text, index))).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ])
  })
})
