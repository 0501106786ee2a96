import type { CutAlignment } from './faults.js'

const LF = 0x0a
const CR = 0x0d
const COLON = 0x3a
/** `10xxxxxx`: a byte that continues a multi-byte UTF-8 character. */
const CONTINUATION_MASK = 0xc0
const CONTINUATION_BITS = 0x80
const ID_PREFIX = 'id:'

function isLineEnd(byte: number): boolean {
  return byte === LF || byte === CR
}

/**
 * Follows an event-stream body's line and frame structure one byte at a time, so that a cut can
 * be placed by position in it. Knows SSE's three line endings (`\n`, `\r\n`, `\r`), because a
 * cut between the two bytes of a `\r\n` is neither inside a line nor between lines.
 */
export class FrameScanner {
  /** Bytes of the current line so far, without its line ending. */
  #lineLength = 0
  /** The current line's first bytes, enough to recognise `id:` and comments. */
  #linePrefix = ''
  /** The previous byte was a `\r`, so an `\n` now completes the same line ending. */
  #afterCr = false
  /** Non-blank lines the current frame has completed. */
  #frameLines = 0
  #firstLineIsId = false
  #eventsEnded = 0

  /** Frames led by an `id:` line (events, not hints or comments) that a blank line has ended. */
  get eventsEnded(): number {
    return this.#eventsEnded
  }

  /** Whether a cut right before `next`, the body's next byte, is placed as `align` asks. */
  matches(align: CutAlignment, next: number): boolean {
    switch (align) {
      case 'any':
        return true
      case 'mid-char':
        return (next & CONTINUATION_MASK) === CONTINUATION_BITS
      case 'mid-line':
        // Content on both sides; a comment is not a field line.
        return this.#lineLength > 0 && !isLineEnd(next) && this.#linePrefix.charCodeAt(0) !== COLON
      case 'between-id-and-data':
        return (
          this.#lineLength === 0 &&
          this.#frameLines === 1 &&
          this.#firstLineIsId &&
          !isLineEnd(next)
        )
      case 'before-blank-line':
        return (
          this.#lineLength === 0 &&
          this.#frameLines > 0 &&
          isLineEnd(next) &&
          !(this.#afterCr && next === LF)
        )
    }
  }

  /** Moves past one byte. */
  advance(byte: number): void {
    if (this.#afterCr && byte === LF) {
      this.#afterCr = false
      return
    }
    this.#afterCr = byte === CR
    if (!isLineEnd(byte)) {
      if (this.#linePrefix.length < ID_PREFIX.length) this.#linePrefix += String.fromCharCode(byte)
      this.#lineLength++
      return
    }
    if (this.#lineLength === 0) {
      // [spec] a blank line dispatches the frame.
      if (this.#frameLines > 0 && this.#firstLineIsId) this.#eventsEnded++
      this.#frameLines = 0
      this.#firstLineIsId = false
    } else {
      if (this.#frameLines === 0) this.#firstLineIsId = this.#linePrefix === ID_PREFIX
      this.#frameLines++
    }
    this.#lineLength = 0
    this.#linePrefix = ''
  }
}
