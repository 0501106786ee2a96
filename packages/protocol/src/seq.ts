import { ProtocolError } from './protocol-error.js'

// Decimal digits only: no sign, exponent, fraction, whitespace or leading zeros, so that every
// seq has exactly one spelling and `Number()` leniency ("0x10", " 7", "1e3") cannot slip through.
const SEQ_PATTERN = /^(?:0|[1-9][0-9]{0,15})$/

function parseNonNegative(value: string): number | undefined {
  if (!SEQ_PATTERN.test(value)) return undefined
  const n = Number(value)
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
