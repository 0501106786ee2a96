import type { StreamMetrics } from './metrics.js'
import { notify } from './notify.js'
import type { StreamCursor, StreamResult } from './result.js'
import type { JsonView } from './structured/json-view.js'
import type { PartialToolCall } from './structured/tool-calls.js'

export type StreamStatus = 'connecting' | 'streaming' | 'reconnecting' | 'done' | 'error'

/**
 * A JSON response at one moment: its value (unchanged subtrees keep their identity from one
 * snapshot to the next), whether it is done, and its parse error; `isComplete` asks the parser
 * as it is now (a path complete then is complete now: completion never goes back).
 */
export type JsonSnapshot = JsonView

/**
 * A stream's whole state at one moment, for renderers. The same object comes back until
 * something changes, and parts that did not change (tool calls, the JSON value) keep their
 * identity in the next one, so memoised views of them skip re-rendering.
 */
export interface StreamSnapshot {
  readonly status: StreamStatus
  readonly text: string
  /** Only for requests with `responseFormat: {type: 'json'}`. */
  readonly json: JsonSnapshot | undefined
  readonly toolCalls: readonly PartialToolCall[]
  readonly metrics: StreamMetrics
  /** Where to resume from; undefined until the server named the stream. */
  readonly cursor: StreamCursor | undefined
  /** Set when the stream ended with `stream-end`. */
  readonly result: StreamResult | undefined
  /** Set when the stream failed for good (including `abort()`). */
  readonly error: Error | undefined
  /**
   * After a failure: whether the generation may still be read from `cursor` (it was aborted, or
   * the network or a 5xx outlasted the retries) rather than having failed on the server.
   */
  readonly resumable: boolean
}

/** A value rebuilt lazily after `changed()`, with listeners told of each change. */
export class SnapshotSource<T> {
  readonly #build: () => T
  readonly #listeners = new Set<() => void>()
  #current: T | undefined
  #stale = true

  constructor(build: () => T) {
    this.#build = build
  }

  changed(): void {
    this.#stale = true
    // Runs for every event: no iterator over an empty set.
    if (this.#listeners.size === 0) return
    for (const listener of this.#listeners) notify(listener)
  }

  get(): T {
    if (this.#stale) {
      this.#current = this.#build()
      this.#stale = false
    }
    return this.#current as T
  }

  subscribe(listener: () => void): () => void {
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const entry = () => listener()
    this.#listeners.add(entry)
    return () => this.#listeners.delete(entry)
  }
}
