import { describe, expect, it } from 'vitest'
import { quantiles } from '../src/stats.js'

describe('quantiles', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(quantiles(values, [0.5, 0.99, 1, 0])).toEqual([50, 99, 100, 1])
  })

  it('is NaN for no values', () => {
    expect(quantiles([], [0.5])).toEqual([Number.NaN])
  })
})
