import { ProtocolError } from './protocol-error.js'

/** Longest spelling of a safe integer. */
const MAX_DIGITS = 16
const ZERO = 48
const NINE = 57

/**
 * Decimal digits only: no sign, exponent, fraction, whitespace or leading zeros, so that every
 * seq has exactly one spelling and `Number()` leniency ("0x10", " 7", "1e3") cannot slip through.
 * A loop over char codes rather than a regular expression: this runs for every event.
 */
function parseNonNegative(value: string): number | undefined {
  const length = value.length
  if (length === 0 || length > MAX_DIGITS) return undefined
  if (length > 1 && value.charCodeAt(0) === ZERO) return undefined
  let n = 0
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code < ZERO || code > NINE) return undefined
    n = n * 10 + (code - ZERO)
  }
  return Number.isSafeInteger(n) ? n : undefined
}

/** Parses an event `id:` into its seq (1, 2, 3, …). */
export function parseSeq(id: string): number {
  const seq = parseNonNegative(id)
  if (seq === undefined || seq < 1) {
    throw new ProtocolError('invalid-seq', `Event id must be a positive integer, got ${quote(id)}`)
  }
  return seq
}

/**
 * Parses a resume cursor (`Last-Event-ID` or `?lastEventId=`): the seq of the last event the
 * reader has, `0` for none. An absent cursor is `0`.
 */
export function parseCursor(value: string | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0
  const cursor = parseNonNegative(value)
  if (cursor === undefined) {
    throw new ProtocolError(
      'invalid-cursor',
      `Last-Event-ID must be a non-negative integer, got ${quote(value)}`,
    )
  }
  return cursor
}

/** Quotes untrusted input for an error message, cut short so a huge value cannot bloat it. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}
