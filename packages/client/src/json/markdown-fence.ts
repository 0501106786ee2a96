import { BACKTICK, CR, END_OF_INPUT, isJsonWhitespace, LF, SPACE, TAB } from './char-codes.js'
import type { TextPosition } from './text-position.js'

/** Leading whitespace and up to two backticks so far: a fence or not is still undecided. */
const LEADING = 0
/** After the opening backticks: an optional language tag, up to the line break. */
const TAG = 1
/** The document started without a fence. */
const ABSENT = 2
/** The document is inside the fence. */
const INSIDE = 3
/** After the root value: some of the closing backticks. */
const CLOSING = 4
const CLOSED = 5

const FENCE_LENGTH = 3

/**
 * The optional markdown fence around a document (```` ```json ```` … ```` ``` ````), read as a
 * state machine so that a fence split across deltas works: backticks are counted, never
 * buffered, until they open a fence or turn out to be an error. Offsets in errors count the
 * fence's text.
 */
export class MarkdownFence {
  #phase = LEADING
  #ticks = 0
  readonly #position: TextPosition

  constructor(position: TextPosition) {
    this.#position = position
  }

  /** Whether the text before the document is still being read. */
  get opening(): boolean {
    return this.#phase <= TAG
  }

  /** Whether the document is inside a fence, whose end the fence reads. */
  get encloses(): boolean {
    return this.#phase >= INSIDE
  }

  /** Reads the opening from `i`; returns the index where the document starts, or `text.length`. */
  scanOpening(text: string, i: number): number {
    for (const n = text.length; i < n; i++) {
      const code = text.charCodeAt(i)
      if (this.#phase === TAG) {
        if (code === LF || code === CR) {
          this.#position.newline(code, i)
          this.#phase = INSIDE
          return i + 1
        }
        if (!isTagCharacter(code)) throw this.#error(code, i)
      } else if (code === BACKTICK) {
        if (++this.#ticks === FENCE_LENGTH) this.#phase = TAG
      } else if (this.#ticks > 0 || !isJsonWhitespace(code)) {
        if (this.#ticks > 0) throw this.#error(code, i)
        this.#phase = ABSENT
        return i
      } else if (code === LF || code === CR) {
        this.#position.newline(code, i)
      }
    }
    return text.length
  }

  /** Reads what follows the root value inside a fence: whitespace and the closing backticks. */
  scanTrailing(text: string, i: number): number {
    for (const n = text.length; i < n; i++) {
      const code = text.charCodeAt(i)
      if (this.#phase === CLOSING) {
        if (code !== BACKTICK) throw this.#error(code, i)
        if (++this.#ticks === FENCE_LENGTH) this.#phase = CLOSED
      } else if (code === BACKTICK && this.#phase === INSIDE) {
        this.#phase = CLOSING
        this.#ticks = 1
      } else if (code === LF || code === CR) {
        this.#position.newline(code, i)
      } else if (code !== SPACE && code !== TAB) {
        throw this.#error(code, i)
      }
    }
    return text.length
  }

  /** Throws if the input ends inside the fence's opening or before its closing backticks. */
  end(): void {
    const phase = this.#phase
    const unfinished = phase === LEADING ? this.#ticks > 0 : phase !== ABSENT && phase !== CLOSED
    if (unfinished) throw this.#error(END_OF_INPUT, 0)
  }

  #error(code: number, i: number) {
    return this.#position.error(this.#expectation(), code, i)
  }

  #expectation(): string {
    switch (this.#phase) {
      case LEADING:
        return "'```' to open a markdown fence"
      case TAG:
        return "a language tag or a line break after '```'"
      case INSIDE:
        return "the closing '```' of the markdown fence, or whitespace"
      case CLOSING:
        return "'```' to close the markdown fence"
      default:
        return "only whitespace after the closing '```'"
    }
  }
}

/** Letters, digits and `+ - . _ #` (as in `c++`, `objective-c`), and spaces around them. */
const TAG_CHARACTER = /[\w+.# \t-]/

function isTagCharacter(code: number): boolean {
  return TAG_CHARACTER.test(String.fromCharCode(code))
}
