import { utf8Length } from '@sluice/provider'
import type { LogEntry } from './store/stream-store.js'

/**
 * Joins whole frames from the front of `entries` into one chunk of at most `windowBytes` bytes
 * of UTF-8, so that what a reader has in flight is bounded. A single frame larger than the
 * window goes alone: a frame is never split. A string, not bytes: one entry (the live case) is
 * sent as the log's own frame, with nothing allocated, and Node encodes it into the socket.
 */
export function packFrames(
  entries: readonly LogEntry[],
  windowBytes: number,
): { text: string; bytes: number; count: number } {
  let text = ''
  let bytes = 0
  let count = 0
  for (const entry of entries) {
    const frameBytes = utf8Length(entry.frame)
    if (count > 0 && bytes + frameBytes > windowBytes) break
    text = count === 0 ? entry.frame : text + entry.frame
    bytes += frameBytes
    count++
  }
  return { text, bytes, count }
}
