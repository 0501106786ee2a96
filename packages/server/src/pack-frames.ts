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

/** The length of `text` in UTF-8, as `TextEncoder` encodes it (a lone surrogate: 3 bytes). */
export function utf8Length(text: string): number {
  const units = text.length
  let bytes = units
  for (let i = 0; i < units; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) continue
    if (code < 0x800) {
      bytes += 1
      continue
    }
    // Two more bytes for a unit of 3, or for a surrogate pair (4 bytes for its 2 units).
    bytes += 2
    if (code >= 0xd800 && code < 0xdc00) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next < 0xe000) i++
    }
  }
  return bytes
}
