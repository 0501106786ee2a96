import type { JsonParseError, JsonPath, JsonValue } from '../json/index.js'
import { type PartialJsonOptions, PartialJsonParser } from '../json/index.js'
import { LatestValue } from './latest-value.js'

/** A JSON document that is still arriving. */
export interface JsonView {
  /** The best value so far (see `PartialJsonParser`); `undefined` until it starts. */
  readonly value: JsonValue | undefined
  /** Whether the value at `path` can no longer change, e.g. to render finished fields differently. */
  isComplete(path: JsonPath): boolean
  /** Whether the whole document is complete. */
  readonly done: boolean
  /** Set once the text can no longer be JSON; the stream reads on, and its result fails. */
  readonly error: JsonParseError | undefined
}

/**
 * One streamed JSON document: the parser, plus the channel behind its async iterator. Snapshots
 * are only made when somebody looks (a callback, the iterator, `value`), so a document nobody
 * watches costs only its parse.
 */
export class StreamedJson implements JsonView {
  readonly #parser: PartialJsonParser
  readonly #channel: LatestValue<JsonValue | undefined>
  #error: JsonParseError | undefined
  #empty = true

  constructor(options?: PartialJsonOptions) {
    this.#parser = new PartialJsonParser(options)
    this.#channel = new LatestValue(() => this.#parser.value)
  }

  /**
   * Feeds text; returns whether it was taken (false once the text is not JSON: the error is kept
   * in `error`, never thrown). The value may be unchanged (whitespace, half a number): readers
   * compare identities, which stay the same when nothing changed.
   */
  push(text: string): boolean {
    if (this.#error || text === '') return false
    try {
      this.#parser.push(text)
    } catch (error) {
      this.#error = error as JsonParseError
      return false
    }
    this.#empty = false
    this.#channel.changed()
    return true
  }

  get value(): JsonValue | undefined {
    return this.#parser.value
  }

  isComplete(path: JsonPath): boolean {
    return this.#parser.isComplete(path)
  }

  get done(): boolean {
    return this.#parser.done
  }

  get error(): JsonParseError | undefined {
    return this.#error
  }

  /**
   * The final value; throws (and fails the iterator) if the text is not one JSON document.
   * `undefined` when no text came at all: a model that answers with tool calls only.
   */
  finish(): JsonValue | undefined {
    try {
      if (this.#error) throw this.#error
      if (this.#empty) {
        this.#channel.end()
        return undefined
      }
      const final = this.#parser.end()
      this.#channel.changed()
      this.#channel.end()
      return final
    } catch (error) {
      this.#channel.fail(error)
      throw error
    }
  }

  /** Stops the iterator with the stream's own failure. */
  fail(error: unknown): void {
    this.#channel.fail(error)
  }

  /** The value after each change; a slow consumer skips to the latest. */
  values(): AsyncIterable<JsonValue | undefined> {
    return { [Symbol.asyncIterator]: () => this.#channel.values() }
  }
}
