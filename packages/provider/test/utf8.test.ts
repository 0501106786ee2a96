import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8Length } from '../src/index.js'

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
