import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../src/index.js'

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0)
const clock = () => NOW
const headers = (entries: Record<string, string>) => new Headers(entries)
const retryAfter = (value: string) => parseRetryAfter(headers({ 'retry-after': value }), clock)
const retryAfterMs = (value: string) => parseRetryAfter(headers({ 'retry-after-ms': value }), clock)

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['3', 3_000],
    ['120', 120_000],
    [' 3 ', 3_000],
    ['1.5', 1_500],
    ['0.0004', 0],
  ])('delta-seconds %j → %i ms', (value, ms) => {
    expect(retryAfter(value)).toBe(ms)
  })

  it('an HTTP date is relative to now', () => {
    expect(retryAfter(new Date(NOW + 30_000).toUTCString())).toBe(30_000)
    expect(retryAfter('Tue, 01 Jan 2030 12:01:00 GMT')).toBe(60_000)
    const then = () => Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }), then)).toBe(
      5_000,
    )
  })

  it('a date in the past is 0', () => {
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(0)
    expect(retryAfter(new Date(NOW).toUTCString())).toBe(0)
  })

  it.each(['-1', '-5', '-0.5'])('a negative number %j → undefined', (value) => {
    expect(retryAfter(value)).toBeUndefined()
    expect(retryAfterMs(value)).toBeUndefined()
  })

  // `Number()` reads "" as 0 and "0x10" as 16; `Date.parse` reads "2015-10-21" as a date.
  it.each(['', ' ', 'soon', '2 seconds', '120s', '1e3', '0x10', 'Infinity', 'NaN', '2015-10-21'])(
    'garbage %j → undefined',
    (value) => {
      expect(retryAfter(value)).toBeUndefined()
      expect(retryAfterMs(value)).toBeUndefined()
    },
  )

  it('huge values are kept while finite and refused past that', () => {
    expect(retryAfter('99999999999')).toBe(99_999_999_999_000)
    expect(retryAfterMs('99999999999')).toBe(99_999_999_999)
    const overflowing = '9'.repeat(400)
    expect(retryAfter(overflowing)).toBeUndefined()
    expect(retryAfterMs(overflowing)).toBeUndefined()
  })

  it('retry-after-ms wins over retry-after, rounded to whole milliseconds', () => {
    expect(retryAfterMs('250')).toBe(250)
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250)
    expect(retryAfterMs(' 12.6 ')).toBe(13)
    expect(retryAfterMs('0')).toBe(0)
  })

  it('an unusable retry-after-ms falls back to retry-after', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '', 'retry-after': '3' }))).toBe(3_000)
    expect(parseRetryAfter(headers({ 'retry-after-ms': '-1', 'retry-after': '3' }))).toBe(3_000)
    expect(parseRetryAfter(headers({ 'retry-after-ms': 'soon', 'retry-after': '3' }))).toBe(3_000)
  })

  it('no header → undefined', () => {
    expect(parseRetryAfter(headers({}))).toBeUndefined()
    expect(parseRetryAfter(undefined)).toBeUndefined()
  })
})
