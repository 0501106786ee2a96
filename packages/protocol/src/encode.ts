import type { SluiceEvent } from './events.js'

/**
 * One SSE frame for an event. The payload is always JSON on a single `data:` line: JSON escapes
 * CR and LF, so model text can never end a line early, lose a `\r`, or forge an SSE field.
 */
export function encodeEvent(event: SluiceEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`
}

/** A comment frame (heartbeat). Comments never carry an id. */
export function encodeComment(text: string): string {
  // [spec] a comment is one line; anything after a line break would be parsed as a field.
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`
}

/** The reconnection-time hint sent first on every response. */
export function encodeRetry(ms: number): string {
  // [spec] only ASCII digits are a valid retry value; NaN, Infinity or 1e+21 would be ignored.
  const valid = Number.isFinite(ms)
    ? Math.min(Math.max(0, Math.floor(ms)), Number.MAX_SAFE_INTEGER)
    : 0
  return `retry: ${valid}\n\n`
}

export const HEARTBEAT_FRAME = encodeComment('ping')
