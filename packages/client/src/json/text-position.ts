import { CR, END_OF_INPUT, LF } from './char-codes.js'
import { JsonParseError } from './json-parse-error.js'

/**
 * Where the scanners are in all the text pushed, so that an error can say where it is without the
 * parser keeping the text. Line breaks outside strings are only ever read by whitespace skipping
 * (a raw one inside a string is itself an error), so counting them there costs nothing extra.
 */
export class TextPosition {
  /** Offset of the current delta's first code unit in all the text pushed. */
  base = 0
  #line = 1
  #lineStart = 0
  #lastCr = -2

  /** Records the line break `code` (LF or CR) at `index` in the current delta. */
  newline(code: number, index: number): void {
    const offset = this.base + index
    this.#lineStart = offset + 1
    // CRLF is one line break.
    if (code === LF && this.#lastCr === offset - 1) return
    if (code === CR) this.#lastCr = offset
    this.#line++
  }

  /**
   * The error for finding `code` (or the end of input) at `index` in the current delta where
   * `expected` was expected.
   */
  error(expected: string, code: number, index: number): JsonParseError {
    const offset = this.base + index
    const column = offset - this.#lineStart + 1
    const where = `at line ${this.#line}, column ${column}`
    const message =
      code === END_OF_INPUT
        ? `Unexpected end of input: expected ${expected} ${where}`
        : `Expected ${expected}, found ${describeCodeUnit(code)} ${where}`
    return new JsonParseError(message, offset, this.#line, column)
  }
}

/** Invisible and unpaired code units are named by number, so that the message stays readable. */
function describeCodeUnit(code: number): string {
  const invisible = code < 0x20 || (code >= 0x7f && code <= 0xa0)
  if (invisible || (code >= 0xd800 && code <= 0xdfff)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  }
  const character = String.fromCharCode(code)
  return character === "'" ? `"'"` : `'${character}'`
}
