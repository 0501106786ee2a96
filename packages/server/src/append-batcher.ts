import { encodeEvent, isTerminalEvent, type SluiceEvent } from '@sluice/protocol'
import type { LogEntry, StreamStore } from './store/stream-store.js'

/** An event before the log gives it a seq (distributes over the union, unlike a plain Omit). */
export type Unsequenced<E> = E extends unknown ? Omit<E, 'seq'> : never

/**
 * Appends one producer's events in order, sending those that arrive while an append is in flight
 * together in the next one: with a networked log, one round trip per event would cap a stream's
 * throughput at one event per round trip. The producer waits only when `maxPending` events are
 * queued.
 *
 * A failed append is thrown once, by the next `push` or `drain`; the events queued behind it are
 * dropped, and the next event pushed takes the seq after the last stored one.
 */
export class AppendBatcher {
  readonly #store: StreamStore
  readonly #streamId: string
  readonly #maxPending: number
  #pending: LogEntry[] = []
  #flushing: Promise<void> | undefined
  #inFlight: Promise<void> | undefined
  #failure: { error: unknown } | undefined
  #storedSeq: number
  #nextSeq: number

  constructor(store: StreamStore, streamId: string, storedSeq: number, maxPending = 64) {
    this.#store = store
    this.#streamId = streamId
    this.#maxPending = maxPending
    this.#storedSeq = storedSeq
    this.#nextSeq = storedSeq + 1
  }

  /**
   * Queues an event. Returns a promise only when the queue is full, which resolves once the
   * append in flight is done: a promise per event would cost every event a microtask.
   */
  push(event: Unsequenced<SluiceEvent>): Promise<void> | undefined {
    this.#throwFailure()
    const seq = this.#nextSeq++
    const sequenced = { seq, type: event.type, data: event.data } as SluiceEvent
    const entry = { seq, frame: encodeEvent(sequenced), terminal: isTerminalEvent(sequenced) }
    // A store that appends at once takes each event as it comes: nothing to batch, no promise.
    if (this.#store.appendNow) {
      this.#appendNow(this.#store.appendNow, entry)
      return undefined
    }
    this.#pending.push(entry)
    this.#flushing ??= this.#flush()
    return this.#pending.length >= this.#maxPending ? this.#afterInFlight() : undefined
  }

  /** Resolves once everything queued is stored. */
  async drain(): Promise<void> {
    await this.#flushing
    this.#throwFailure()
  }

  async #flush(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending
        this.#pending = []
        this.#inFlight = this.#store.append(this.#streamId, batch)
        await this.#inFlight
        this.#storedSeq = batch[batch.length - 1]?.seq ?? this.#storedSeq
      }
    } catch (error) {
      this.#failed(error)
    } finally {
      this.#flushing = undefined
    }
  }

  #appendNow(appendNow: NonNullable<StreamStore['appendNow']>, entry: LogEntry): void {
    try {
      appendNow.call(this.#store, this.#streamId, [entry])
      this.#storedSeq = entry.seq
    } catch (error) {
      this.#failed(error)
    }
  }

  async #afterInFlight(): Promise<void> {
    await this.#inFlight?.catch(() => {})
    this.#throwFailure()
  }

  /** Drops what is queued: the next event takes the seq after the last stored one. */
  #failed(error: unknown): void {
    this.#failure = { error }
    this.#pending = []
    this.#nextSeq = this.#storedSeq + 1
  }

  #throwFailure(): void {
    const failure = this.#failure
    if (!failure) return
    this.#failure = undefined
    throw failure.error
  }
}
