import type { ResolvedClientOptions } from '../options.js'
import type { StreamCursor, ToolCall } from '../result.js'
import type { CursorStore, PersistedStream } from './cursor-store.js'
import { onPageHidden } from './page-hidden.js'
import { removeQuietly } from './persisted-stream.js'

/** Where a persisted stream's state comes from: the stream itself, read when a save happens. */
export interface PersistSource {
  readonly cursor: StreamCursor | undefined
  readonly text: string
  readonly toolCalls: ToolCall[]
}

/** Where one stream is persisted. */
export interface PersistTarget {
  store: CursorStore
  key: string
}

type PersistOptions = Pick<ResolvedClientOptions, 'persistIntervalMs' | 'timers' | 'now'>

/**
 * Keeps one stream's state in a store while the stream runs. The text grows with every event, so
 * saving it per event would take quadratic time: saves are throttled to one per
 * `persistIntervalMs`, with a trailing save so the stored state is never older than that.
 * `stream-start` (the stream just became resumable), the page being hidden and abort save at once.
 * A save reads cursor, text and tool calls in one synchronous step between two events, so the
 * saved text always matches the saved `lastSeq`.
 */
export class StreamPersister {
  readonly #target: PersistTarget
  readonly #options: PersistOptions
  readonly #source: PersistSource
  readonly #signal: AbortSignal
  readonly #onAbort = () => this.keep()
  readonly #unsubscribe: () => void
  #savedAt = Number.NEGATIVE_INFINITY
  #dirty = false
  #timer: unknown
  #closed = false

  /** `signal` is the stream's own: an aborted stream keeps its state for a later resume. */
  constructor(
    target: PersistTarget,
    options: PersistOptions,
    source: PersistSource,
    signal: AbortSignal,
  ) {
    this.#target = target
    this.#options = options
    this.#source = source
    this.#signal = signal
    this.#unsubscribe = onPageHidden(() => this.#save())
    signal.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** After each event delivered; `urgent` saves at once. */
  delivered(urgent: boolean): void {
    if (this.#closed) return
    this.#dirty = true
    const wait = this.#savedAt + this.#options.persistIntervalMs - this.#options.now()
    if (urgent || wait <= 0) this.#save()
    else this.#timer ??= this.#options.timers.setTimeout(() => this.#save(), wait)
  }

  /** The stream ended (a terminal event or a fatal error): nothing is left to resume. */
  end(): void {
    this.#close()
    // Even when already closed: an abort during the terminal event's callbacks saved it.
    removeQuietly(this.#target.store, this.#target.key)
  }

  /** Reading stopped, but the stream may be resumed later: keep the latest state. */
  keep(): void {
    this.#save()
    this.#close()
  }

  #save(): void {
    this.#clearTimer()
    const cursor = this.#source.cursor
    if (this.#closed || !this.#dirty || !cursor) return
    const { text, toolCalls } = this.#source
    const state: PersistedStream = { version: 1, ...cursor, text, toolCalls }
    this.#dirty = false
    this.#savedAt = this.#options.now()
    try {
      this.#target.store.save(this.#target.key, state)
    } catch {
      // A full or blocked store must not break the stream: a later resume just replays more.
    }
  }

  #close(): void {
    this.#closed = true
    this.#clearTimer()
    this.#unsubscribe()
    this.#signal.removeEventListener('abort', this.#onAbort)
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return
    this.#options.timers.clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
