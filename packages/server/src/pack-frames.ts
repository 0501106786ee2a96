import type { LogEntry } from './store/stream-store.js'

const encoder = new TextEncoder()
/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3

/**
 * Encodes whole frames from the front of `entries` into one chunk of at most `windowBytes`
 * bytes, so that what a reader has in flight is bounded. A single frame larger than the window
 * goes alone: a frame is never split.
 */
export function packFrames(
  entries: readonly LogEntry[],
  windowBytes: number,
): { bytes: Uint8Array; count: number } {
  let capacity = 0
  for (const entry of entries) {
    capacity += entry.frame.length * MAX_UTF8_BYTES_PER_UNIT
    if (capacity >= windowBytes) break
  }
  const buffer = new Uint8Array(Math.min(capacity, windowBytes))
  let written = 0
  let count = 0
  for (const entry of entries) {
    const result = encoder.encodeInto(entry.frame, buffer.subarray(written))
    if (result.read < entry.frame.length) break
    written += result.written
    count++
  }
  const first = entries[0]
  if (count === 0 && first) return { bytes: encoder.encode(first.frame), count: 1 }
  return { bytes: buffer.subarray(0, written), count }
}
