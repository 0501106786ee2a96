import { describe, expect, it } from 'vitest'
import { createRandom } from '../src/random.js'

const draw = (seed: number, label: string, count = 100) => {
  const random = createRandom(seed, label)
  return Array.from({ length: count }, () => random())
}

describe('createRandom', () => {
  it('repeats its sequence for the same seed and label', () => {
    expect(draw(7, 'text')).toEqual(draw(7, 'text'))
  })

  it('gives independent sequences to different labels and seeds', () => {
    const sequences = [
      draw(7, 'text'),
      draw(7, 'timing'),
      draw(8, 'text'),
      draw(7 + 2 ** 32, 'text'),
    ]
    expect(new Set(sequences.map((sequence) => sequence.join())).size).toBe(sequences.length)
  })

  it('stays in [0, 1) and spreads over it', () => {
    const values = draw(-3, 'text', 10_000)
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true)
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
  })
})
