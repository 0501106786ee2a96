import {
  BACKTICK,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  END_OF_INPUT,
  isDigit,
  isJsonWhitespace,
  LF,
  LOWER_F,
  LOWER_N,
  LOWER_T,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
  TAB,
} from './char-codes.js'
import type { JsonTree } from './json-tree.js'
import type { MarkdownFence } from './markdown-fence.js'
import { NumberReader } from './number-reader.js'
import { StringReader } from './string-reader.js'
import type { TextPosition } from './text-position.js'

// What the scanner expects next. Plain numbers rather than an enum: compared per character.
const VALUE = 0
const ARRAY_FIRST = 1
const OBJECT_FIRST = 2
const KEY = 3
const COLON_NEXT = 4
const AFTER_VALUE = 5
const STRING = 6
const NUMBER = 7
const LITERAL = 8
const DONE = 9

/**
 * The character-level state machine of the incremental parser. All its state lives between
 * pushes (the open containers in the tree, the token being read in a reader), so each code unit
 * is examined once over the whole stream and the prefix is never read again: re-parsing the
 * prefix after every delta, as a one-shot repairing parser must, is quadratic in the document.
 */
export class JsonScanner {
  #state = VALUE
  #word = ''
  #wordIndex = 0
  #wordValue: boolean | null = null
  readonly #tree: JsonTree
  readonly #position: TextPosition
  readonly #fence: MarkdownFence | undefined
  readonly #maxDepth: number
  readonly #string: StringReader
  readonly #number = new NumberReader()

  constructor(
    tree: JsonTree,
    position: TextPosition,
    fence: MarkdownFence | undefined,
    maxDepth: number,
  ) {
    this.#tree = tree
    this.#position = position
    this.#fence = fence
    this.#maxDepth = maxDepth
    this.#string = new StringReader(tree, position)
  }

  /** Whether the root value is complete. */
  get done(): boolean {
    return this.#state === DONE
  }

  /** Reads `text` from `i`. Throws a JsonParseError where it stops being a prefix of JSON. */
  scan(text: string, i: number): void {
    const n = text.length
    while (i < n) {
      switch (this.#state) {
        case STRING:
          i = this.#scanString(text, i)
          break
        case NUMBER:
          i = this.#scanNumber(text, i)
          break
        case LITERAL:
          i = this.#scanLiteral(text, i)
          break
        case DONE:
          // Only whitespace may follow the root value, or inside a fence its closing backticks.
          i = this.#fence?.encloses
            ? this.#fence.scanTrailing(text, i)
            : this.#scanStructure(text, i)
          break
        default:
          i = this.#scanStructure(text, i)
      }
    }
  }

  /** The input ended: a root number is complete now, anything else unfinished is an error. */
  end(): void {
    if (this.#state === NUMBER && this.#tree.depth === 0 && this.#number.complete) {
      this.#scalarDone(this.#number.value())
    }
    if (this.#state !== DONE) throw this.#position.error(this.#expectation(), END_OF_INPUT, 0)
  }

  /** Skips whitespace, then reads one structural character or the start of a value. */
  #scanStructure(text: string, i: number): number {
    const n = text.length
    let code = text.charCodeAt(i)
    while (code === SPACE || code === LF || code === CR || code === TAB) {
      if (code === LF || code === CR) this.#position.newline(code, i)
      if (++i === n) return n
      code = text.charCodeAt(i)
    }
    switch (this.#state) {
      case VALUE:
        return this.#startValue(code, i)
      case ARRAY_FIRST:
        return code === CLOSE_BRACKET ? this.#close(i) : this.#startValue(code, i)
      case OBJECT_FIRST:
        return code === CLOSE_BRACE ? this.#close(i) : this.#startKey(code, i)
      case KEY:
        return this.#startKey(code, i)
      case COLON_NEXT:
        if (code !== COLON) throw this.#unexpected(code, i)
        this.#state = VALUE
        return i + 1
      case AFTER_VALUE:
        return this.#afterValue(code, i)
      default:
        throw this.#unexpected(code, i)
    }
  }

  #startValue(code: number, i: number): number {
    switch (code) {
      case QUOTE:
        return this.#startString(false, i)
      case OPEN_BRACE:
      case OPEN_BRACKET:
        return this.#open(code, i)
      case LOWER_T:
        return this.#startLiteral('true', true, i)
      case LOWER_F:
        return this.#startLiteral('false', false, i)
      case LOWER_N:
        return this.#startLiteral('null', null, i)
      default:
        if (code !== MINUS && !isDigit(code)) throw this.#unexpected(code, i)
        this.#number.reset()
        this.#state = NUMBER
        return i
    }
  }

  #startKey(code: number, i: number): number {
    if (code !== QUOTE) throw this.#unexpected(code, i)
    return this.#startString(true, i)
  }

  #startString(isKey: boolean, i: number): number {
    if (!isKey) this.#tree.startString()
    this.#string.reset(isKey)
    this.#state = STRING
    return i + 1
  }

  /** Leaves `i` unread: the literal's reader checks its first letter too. */
  #startLiteral(word: string, value: boolean | null, i: number): number {
    this.#word = word
    this.#wordIndex = 0
    this.#wordValue = value
    this.#state = LITERAL
    return i
  }

  #open(code: number, i: number): number {
    const tree = this.#tree
    if (tree.depth >= this.#maxDepth) {
      const expected = `at most ${this.#maxDepth} levels of nesting (maxDepth)`
      throw this.#position.error(expected, code, i)
    }
    const isArray = code === OPEN_BRACKET
    tree.openContainer(isArray)
    this.#state = isArray ? ARRAY_FIRST : OBJECT_FIRST
    return i + 1
  }

  #close(i: number): number {
    this.#tree.closeContainer()
    this.#valueDone()
    return i + 1
  }

  #afterValue(code: number, i: number): number {
    const inArray = this.#tree.inArray
    if (code === COMMA) {
      this.#state = inArray ? VALUE : KEY
      return i + 1
    }
    if (code === (inArray ? CLOSE_BRACKET : CLOSE_BRACE)) return this.#close(i)
    throw this.#unexpected(code, i)
  }

  #scanString(text: string, i: number): number {
    const reader = this.#string
    i = reader.scan(text, i)
    if (!reader.closed) return i
    if (reader.isKey) {
      this.#tree.memberKey = reader.key
      this.#state = COLON_NEXT
    } else {
      this.#tree.endString()
      this.#valueDone()
    }
    return i
  }

  #scanNumber(text: string, i: number): number {
    const reader = this.#number
    i = reader.scan(text, i)
    if (i === text.length) return i
    const code = text.charCodeAt(i)
    const rejection = reader.rejection(code)
    if (rejection !== undefined) throw this.#position.error(rejection, code, i)
    // Only a delimiter shows that the number is over; check it before showing the number.
    if (!this.#endsNumber(code)) throw this.#position.error(this.#afterExpectation(), code, i)
    this.#scalarDone(reader.value())
    return i
  }

  #endsNumber(code: number): boolean {
    if (isJsonWhitespace(code)) return true
    const tree = this.#tree
    if (tree.depth === 0) return code === BACKTICK && this.#fence?.encloses === true
    return code === COMMA || code === (tree.inArray ? CLOSE_BRACKET : CLOSE_BRACE)
  }

  /** Literals show once complete: `tr` or `nul` could still be an error. */
  #scanLiteral(text: string, i: number): number {
    const word = this.#word
    const n = text.length
    let k = this.#wordIndex
    for (; i < n && k < word.length; i++, k++) {
      if (text.charCodeAt(i) !== word.charCodeAt(k)) {
        this.#wordIndex = k
        throw this.#unexpected(text.charCodeAt(i), i)
      }
    }
    this.#wordIndex = k
    if (k === word.length) this.#scalarDone(this.#wordValue)
    return i
  }

  #scalarDone(value: number | boolean | null): void {
    this.#tree.addScalar(value)
    this.#valueDone()
  }

  #valueDone(): void {
    this.#state = this.#tree.depth === 0 ? DONE : AFTER_VALUE
  }

  #unexpected(code: number, i: number) {
    return this.#position.error(this.#expectation(), code, i)
  }

  #expectation(): string {
    switch (this.#state) {
      case VALUE:
        return 'a JSON value'
      case ARRAY_FIRST:
        return "a value or ']'"
      case OBJECT_FIRST:
        return `'"' to start a key, or '}'`
      case KEY:
        return `'"' to start a key`
      case COLON_NEXT:
        return "':' after an object key"
      case STRING:
        return this.#string.expectation()
      case NUMBER:
        return this.#number.complete ? this.#afterExpectation() : this.#number.expectation()
      case LITERAL:
        return `'${this.#word.charAt(this.#wordIndex)}' in '${this.#word}'`
      default:
        return this.#afterExpectation()
    }
  }

  #afterExpectation(): string {
    const tree = this.#tree
    if (tree.depth === 0) return 'the end of input after the JSON value'
    return tree.inArray ? "',' or ']' after an array element" : "',' or '}' after an object member"
  }
}
