import { SluiceError } from '../errors/sluice-error.js'
import { JsonParseError } from './json-parse-error.js'
import { JsonScanner } from './json-scanner.js'
import type { JsonTree } from './json-tree.js'
import type { JsonPath, JsonValue } from './json-value.js'
import { LiveTree } from './live-tree.js'
import { MarkdownFence } from './markdown-fence.js'
import { type PartialJsonOptions, resolvePartialJsonOptions } from './partial-json-options.js'
import { SnapshotTree } from './snapshot-tree.js'
import { TextPosition } from './text-position.js'

/**
 * An incremental parser for a JSON document that arrives in pieces, such as a model's structured
 * output or a tool call's arguments: after each push, `value` is the best current value, in time
 * linear in the document's length over the whole stream.
 *
 * What shows, and when: a string as soon as it starts (`""`), growing, never showing half an
 * escape or half a surrogate pair; a number, `true`, `false` or `null` only once complete (a
 * number once a delimiter follows it, or, at the root, once the input ends); an object member
 * once its value shows (a half-read key shows nothing); an array element likewise. So a value
 * never goes backwards and never changes type, except when a duplicate key replaces an earlier
 * member (the last one wins, as with `JSON.parse`).
 *
 * `value` returns immutable, structurally shared snapshots: reading it twice without a push in
 * between gives the identical object, and a push gives new objects only to the containers on the
 * path to what changed. With `snapshots: false` it is instead one live value, updated in place.
 *
 * @example
 * ```ts
 * const parser = new PartialJsonParser()
 * parser.push('{"title": "Stre')
 * parser.value // { title: 'Stre' }
 * parser.push('ams", "tags": ["a"')
 * parser.isComplete(['title']) // true
 * parser.push(']}')
 * parser.end() // { title: 'Streams', tags: ['a'] }
 * ```
 */
export class PartialJsonParser {
  readonly #position = new TextPosition()
  readonly #tree: JsonTree
  readonly #fence: MarkdownFence | undefined
  readonly #scanner: JsonScanner
  #error: JsonParseError | undefined
  #ended = false

  constructor(options: PartialJsonOptions = {}) {
    const { allowMarkdownFence, maxDepth, snapshots } = resolvePartialJsonOptions(options)
    this.#tree = snapshots ? new SnapshotTree() : new LiveTree()
    this.#fence = allowMarkdownFence ? new MarkdownFence(this.#position) : undefined
    this.#scanner = new JsonScanner(this.#tree, this.#position, this.#fence, maxDepth)
  }

  /**
   * Feeds the next piece of text. Throws a JsonParseError as soon as the text can no longer be a
   * prefix of valid JSON; after that, every push and `end()` throws the same error, and `value`
   * stays the value of the valid prefix.
   */
  push(delta: string): void {
    if (this.#error !== undefined) throw this.#error
    if (this.#ended) throw new SluiceError('invalid-argument', 'push() was called after end()')
    try {
      const fence = this.#fence
      const start = fence?.opening ? fence.scanOpening(delta, 0) : 0
      this.#scanner.scan(delta, start)
    } catch (error) {
      throw this.#failed(error)
    }
    this.#position.base += delta.length
  }

  /**
   * The best current value; undefined until the root value has started (or, for a number or
   * literal root, completed). A snapshot, never mutated by later pushes; with `snapshots: false`,
   * the live value that later pushes update.
   */
  get value(): JsonValue | undefined {
    return this.#tree.value()
  }

  /**
   * Whether the value at `path` shows and can no longer change; `[]` is the whole document. A
   * duplicate key later in the same object can still replace a complete member.
   */
  isComplete(path: JsonPath): boolean {
    return this.#tree.isComplete(path)
  }

  /** Whether the root value is complete: only whitespace, or a closing fence, may follow. */
  get done(): boolean {
    return this.#scanner.done
  }

  /**
   * Ends the input and returns the final value, deep-equal to `JSON.parse` of all the text pushed
   * (the fence removed). Throws a JsonParseError if the text is not one complete JSON document.
   * Idempotent: later calls return the same value, or throw the same error.
   */
  end(): JsonValue {
    if (this.#error !== undefined) throw this.#error
    if (!this.#ended) {
      try {
        if (this.#fence?.opening) this.#fence.end()
        this.#scanner.end()
        this.#fence?.end()
      } catch (error) {
        throw this.#failed(error)
      }
      this.#ended = true
    }
    return this.#tree.value() as JsonValue
  }

  #failed(error: unknown): unknown {
    if (error instanceof JsonParseError) this.#error = error
    return error
  }
}

/**
 * Parses a prefix of a JSON document in one go: the value `PartialJsonParser` shows after
 * pushing `text` as one delta. A number at the root shows only once something follows it, since
 * more digits could still come; for a complete document use `JSON.parse` or
 * `PartialJsonParser#end()`. Throws a JsonParseError if `text` is not a prefix of valid JSON.
 */
export function parsePartialJson(
  text: string,
  options?: PartialJsonOptions,
): JsonValue | undefined {
  const parser = new PartialJsonParser(options)
  parser.push(text)
  return parser.value
}
