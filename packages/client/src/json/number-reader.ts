import { DIGIT_0, DOT, isDigit, LOWER_E, MINUS, PLUS, UPPER_E } from './char-codes.js'

// [spec] RFC 8259 §6: number = [ "-" ] int [ frac ] [ exp ], int = "0" / digit1-9 *DIGIT.
// One state per position in that grammar; the complete ones are marked below.
const START = 0
const AFTER_MINUS = 1
const ZERO = 2 // complete
const INTEGER = 3 // complete
const AFTER_POINT = 4
const FRACTION = 5 // complete
const AFTER_E = 6
const AFTER_EXPONENT_SIGN = 7
const EXPONENT = 8 // complete
const REJECT = -1

/**
 * Reads a number across deltas. Its text is kept until a delimiter shows it is over: before that
 * it could still change meaning (`1` → `12`, `1.` → `1.5`), so it is never shown early.
 */
export class NumberReader {
  #state = START
  #text = ''

  reset(): void {
    this.#state = START
    this.#text = ''
  }

  /** Whether the text read so far is a whole number. */
  get complete(): boolean {
    const s = this.#state
    return s === ZERO || s === INTEGER || s === FRACTION || s === EXPONENT
  }

  /** Reads from `i` while the grammar allows; returns the index of the first other code unit. */
  scan(text: string, i: number): number {
    const start = i
    const n = text.length
    let state = this.#state
    for (; i < n; i++) {
      const next = step(state, text.charCodeAt(i))
      if (next === REJECT) break
      state = next
    }
    this.#state = state
    this.#text += text.slice(start, i)
    return i
  }

  /** What `code` should have been, when it can neither continue nor end the number. */
  rejection(code: number): string | undefined {
    if (this.#state === ZERO && isDigit(code)) return `'.', 'e' or the end of a number after '0'`
    return this.complete ? undefined : this.expectation()
  }

  /** What an incomplete number needs next, for error messages. */
  expectation(): string {
    switch (this.#state) {
      case AFTER_MINUS:
        return `a digit after '-'`
      case AFTER_POINT:
        return `a digit after '.'`
      case AFTER_E:
        return `a digit or a sign in an exponent`
      case AFTER_EXPONENT_SIGN:
        return `a digit after an exponent's sign`
      default:
        return 'a number'
    }
  }

  /** [spec] ECMA-262: JSON.parse converts a number's text as `Number` does, `-0` included. */
  value(): number {
    return Number(this.#text)
  }
}

function step(state: number, code: number): number {
  const digit = isDigit(code)
  switch (state) {
    case START:
      if (code === MINUS) return AFTER_MINUS
      return code === DIGIT_0 ? ZERO : digit ? INTEGER : REJECT
    case AFTER_MINUS:
      return code === DIGIT_0 ? ZERO : digit ? INTEGER : REJECT
    case ZERO:
      return afterInteger(code)
    case INTEGER:
      return digit ? INTEGER : afterInteger(code)
    case AFTER_POINT:
    case FRACTION:
      return digit ? FRACTION : state === FRACTION && isE(code) ? AFTER_E : REJECT
    case AFTER_E:
      if (code === PLUS || code === MINUS) return AFTER_EXPONENT_SIGN
      return digit ? EXPONENT : REJECT
    default:
      return digit ? EXPONENT : REJECT
  }
}

function afterInteger(code: number): number {
  if (code === DOT) return AFTER_POINT
  return isE(code) ? AFTER_E : REJECT
}

function isE(code: number): boolean {
  return code === LOWER_E || code === UPPER_E
}
