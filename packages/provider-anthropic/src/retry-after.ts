/**
 * The server's retry hint in milliseconds: `retry-after-ms` if present (Anthropic's SDKs honour
 * it), else `retry-after` as seconds or an HTTP date. `undefined` when absent or unparsable.
 */
export function parseRetryAfter(
  headers: Pick<Headers, 'get'> | undefined,
  now: () => number = Date.now,
): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms)
  const value = headers?.get('retry-after')?.trim()
  if (!value) return undefined
  // [spec] RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now())
}
