import { BACKSLASH, LOWER_U, QUOTE } from './char-codes.js'
import type { TextSink } from './json-tree.js'
import type { TextPosition } from './text-position.js'

const NO_ESCAPE = 0
const AFTER_BACKSLASH = 1
/** `\u` read; the states up to HEX_DONE count its hex digits. */
const HEX_FIRST = 2
const HEX_DONE = 6

/**
 * Reads the inside of a JSON string across deltas and hands decoded text to a sink, one slice per
 * run of plain characters; a key's text it keeps instead, since a key shows nothing until its
 * value does. A cut escape (`\`, `\u12`) gives nothing until it is complete, and a high
 * surrogate (raw or escaped) is held back until the next code unit shows whether it is paired,
 * so that a shown string never ends in half a character. [spec] JSON.parse keeps lone
 * surrogates, and so does this: a held one is let go with whatever follows it.
 */
export class StringReader {
  /** Whether the closing quote was read. */
  closed = false
  /** Whether the string is an object key, whose text is `key`. */
  isKey = false
  key = ''
  #escape = NO_ESCAPE
  #unit = 0
  #held = ''
  readonly #sink: TextSink
  readonly #position: TextPosition

  constructor(sink: TextSink, position: TextPosition) {
    this.#sink = sink
    this.#position = position
  }

  reset(isKey: boolean): void {
    this.closed = false
    this.isKey = isKey
    this.key = ''
    this.#escape = NO_ESCAPE
    this.#held = ''
  }

  /** Reads from `i`; returns the index after the closing quote, or `text.length`. */
  scan(text: string, i: number): number {
    const n = text.length
    while (i < n) {
      if (this.#escape !== NO_ESCAPE) {
        this.#readEscape(text.charCodeAt(i), i)
        i++
        continue
      }
      const start = i
      let code = 0
      for (; i < n; i++) {
        code = text.charCodeAt(i)
        if (code === QUOTE || code === BACKSLASH || code < 0x20) break
      }
      if (i > start) this.#emit(text.slice(start, i))
      if (i === n) break
      if (code === QUOTE) {
        this.#close()
        return i + 1
      }
      if (code !== BACKSLASH) {
        // [spec] RFC 8259 §7: U+0000 to U+001F must be escaped.
        throw this.#position.error('an escape sequence instead of a control character', code, i)
      }
      this.#escape = AFTER_BACKSLASH
      i++
    }
    return n
  }

  /** What the reader needs next, for error messages. */
  expectation(): string {
    if (this.#escape === AFTER_BACKSLASH) {
      return 'an escape character (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u)'
    }
    if (this.#escape !== NO_ESCAPE) return 'a hex digit of a \\u escape'
    return `a string character or '"'`
  }

  #readEscape(code: number, i: number): void {
    if (this.#escape === AFTER_BACKSLASH) {
      if (code === LOWER_U) {
        this.#escape = HEX_FIRST
        this.#unit = 0
        return
      }
      const at = ESCAPE_LETTERS.indexOf(String.fromCharCode(code))
      if (at < 0) throw this.#position.error(this.expectation(), code, i)
      this.#escape = NO_ESCAPE
      this.#emit(ESCAPED.charAt(at))
      return
    }
    const digit = hexValue(code)
    if (digit < 0) throw this.#position.error(this.expectation(), code, i)
    this.#unit = this.#unit * 16 + digit
    if (++this.#escape === HEX_DONE) {
      this.#escape = NO_ESCAPE
      this.#emit(String.fromCharCode(this.#unit))
    }
  }

  #emit(piece: string): void {
    if (this.#held !== '') {
      piece = this.#held + piece
      this.#held = ''
    }
    const last = piece.charCodeAt(piece.length - 1)
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#held = piece.slice(-1)
      piece = piece.slice(0, -1)
    }
    if (piece !== '') this.#append(piece)
  }

  #append(piece: string): void {
    if (this.isKey) this.key += piece
    else this.#sink.appendText(piece)
  }

  #close(): void {
    if (this.#held !== '') this.#append(this.#held)
    this.#held = ''
    this.closed = true
  }
}

/**
 * [spec] RFC 8259 §7: the two-character escapes: the letter after `\`, and at the same index
 * what it stands for.
 */
const ESCAPE_LETTERS = '"\\/bfnrt'
const ESCAPED = '"\\/\b\f\n\r\t'

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return -1
}
