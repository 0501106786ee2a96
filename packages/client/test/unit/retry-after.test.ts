import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../../src/retry/retry-after.js'

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0)

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['2', 2_000],
    ['120', 120_000],
    [' 3 ', 3_000],
  ])('seconds %j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })

  it('an HTTP date is relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000)
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:01:00 GMT', NOW)).toBe(60_000)
  })

  it('a date in the past is 0', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0)
    expect(parseRetryAfter(new Date(NOW).toUTCString(), NOW)).toBe(0)
  })

  it.each(['', 'soon', '2 seconds', '120s', '1e3', 'Infinity'])(
    'garbage %j → undefined',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined()
    },
  )

  it('a missing header (null) → undefined', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined()
  })

  // Regression: the lenient `Date.parse` fallback read "-1" and "1.5" as dates.
  it.each(['-1', '1.5'])('a negative or fractional number %j → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined()
  })
})
