/** A non-negative decimal number: what a delay may be written as, and nothing `Number()` adds. */
const DECIMAL = /^\d+(\.\d+)?$/

/**
 * An upstream's retry hint in milliseconds: `retry-after-ms` when it holds a number (OpenAI
 * sends it and both vendors' SDKs honour it), else `retry-after` as seconds or an HTTP date (a
 * past date is 0). `undefined` when absent, negative, not a number or too large to be finite.
 * Fractional seconds are taken: vendors send them although RFC 9110 says whole seconds.
 */
export function parseRetryAfter(
  headers: Pick<Headers, 'get'> | undefined,
  now: () => number = Date.now,
): number | undefined {
  const ms = decimal(headers?.get('retry-after-ms'))
  if (ms !== undefined) return Math.round(ms)
  const value = headers?.get('retry-after')?.trim()
  if (!value) return undefined
  const seconds = decimal(value)
  if (seconds !== undefined) return finite(Math.round(seconds * 1000))
  // [spec] RFC 9110 §10.2.3: else an HTTP-date, which names a weekday and a month; Date.parse
  // alone would also read "-1" or a bare "2026-11-26" (a full ISO date-time is let through).
  if (!/[a-z]/i.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now())
}

function decimal(text: string | null | undefined): number | undefined {
  const trimmed = text?.trim()
  return trimmed && DECIMAL.test(trimmed) ? finite(Number(trimmed)) : undefined
}

const finite = (value: number) => (Number.isFinite(value) ? value : undefined)
