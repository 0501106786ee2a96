import { HEARTBEAT_FRAME } from '@sluice/protocol'
import { utf8Length } from '@sluice/provider'
import type { DrainState } from './drain.js'
import { type ChunkSink, type PullSource, pullBody } from './http/pull-body.js'
import { packFrames } from './pack-frames.js'
import type { LogEntry, StreamStore } from './store/stream-store.js'
import { type Alarm, type AlarmOwner, createAlarm, type Timers } from './timers.js'

/** What every reader of a server shares: made once, not copied per reader. */
export interface LogReaderSettings {
  store: StreamStore
  heartbeatMs: number
  /** The `retry:` hint's frame (`encodeRetry`). */
  retryHint: string
  /** Most log entries read from the store at once. */
  batchSize: number
  /** Most bytes handed to the socket at once: what one reader can have in flight. */
  sendWindowBytes: number
  /** A chunk the socket has not taken within this time marks the reader as too slow. */
  sendTimeoutMs: number
  timers: Timers
  /** Once its readers are closed, a caught-up reader sends a `retry:` hint and closes. */
  drain: DrainState
}

/** What one reader tells its host: one object per reader rather than a closure per hook. */
export interface ReaderHooks {
  /** Counts the reader in (zombie reaping). */
  attach(): void
  /** Counts it out; called once, after `attach`. */
  detach(): void
  /** Told when the reader is cut off for being too slow. */
  dropped(): void
  /** Told of every chunk handed to the socket. */
  sent(bytes: number): void
}

const noop = () => {}

/**
 * An SSE response body that reads the stream's log from `cursor` (the seq of the last event the
 * client has; the reader sends seq > cursor) and then follows it live.
 *
 * It is pull-based (`highWaterMark: 0`): the log is read only when the socket has taken the
 * previous chunk, so a slow reader is paced by its own socket and costs the server a cursor and
 * at most one chunk of `sendWindowBytes`, never a queue. A reader whose socket takes nothing for
 * `sendTimeoutMs` is cut off; its client resumes from the log. Heartbeats fill any silence of
 * `heartbeatMs`, from the first byte on. The client going away cancels the body, which stops it.
 */
export function createLogReader(
  settings: LogReaderSettings,
  streamId: string,
  cursor: number,
  hooks: ReaderHooks,
): ReadableStream<Uint8Array> {
  return pullBody(new LogReader(settings, streamId, cursor, hooks))
}

/**
 * The reader as a pull source: see `createLogReader`, and `pullBody` for why. A class rather
 * than closures over one scope: every open stream holds one while it waits.
 *
 * A live reader costs no promise per event when the store can read at once (`readNow`, the
 * memory log): the append wakes it, it reads and hands the frame to the sink in the same turn,
 * and the sink pulls again, which starts the next wait.
 */
class LogReader implements PullSource, AlarmOwner {
  #cursor: number
  #finished = false
  #sentHint = false
  /** Whether the last read reached the head of the log (see `pull`). */
  #caughtUp = false
  /** The sink of the latest pull: a wait's end and the send timeout go to it. */
  #sink: ChunkSink | undefined
  /** A wait is in progress; cleared by what ends it. */
  #waiting = false
  /** The wait is being set up: a wake now is seen by `#wait`, not run as a continuation. */
  #settingUp = false
  #stopWait = noop
  // One alarm each for the reader's life, armed once per event: no timer or signal per event.
  readonly #sendTimeout: Alarm
  readonly #heartbeat: Alarm
  // The wait's callback lives as long as the reader: nothing is made per wait.
  readonly #onAppendOrStop = () => this.#endWait(false)

  constructor(
    private readonly settings: LogReaderSettings,
    private readonly streamId: string,
    cursor: number,
    private readonly hooks: ReaderHooks,
  ) {
    this.#cursor = cursor
    this.#sendTimeout = createAlarm(settings.timers, settings.sendTimeoutMs, this)
    this.#heartbeat = createAlarm(settings.timers, settings.heartbeatMs, this)
    settings.drain.listen(this.#onAppendOrStop)
  }

  ring(alarm: Alarm): void {
    if (alarm === this.#heartbeat) this.#endWait(true)
    else this.#tooSlow()
  }

  start(): void {
    this.hooks.attach()
  }

  pull(sink: ChunkSink): boolean {
    this.#sink = sink
    this.#sendTimeout.disarm()
    if (!this.#sentHint) {
      this.#sentHint = true
      // [spec] the reconnection hint comes first, so even a stalled start carries it.
      this.#send(sink, this.settings.retryHint, utf8Length(this.settings.retryHint))
      return true
    }
    // A reader whose last read reached the log's head waits before reading again (the store
    // wakes it at once if more came since): a live reader reads once per event, not twice.
    const read = !this.#caughtUp
    this.#caughtUp = false
    try {
      return this.#follow(sink, read, false)
    } catch (error) {
      // A store that reads at once threw: that errors the body, and a web stream does not then
      // cancel its source, so the reader counts itself out here.
      this.#finish()
      throw error
    }
  }

  /**
   * Sends what the log has from the cursor, or waits for more.
   * @param woke Whether a wait ended without a heartbeat: an append, or the stream going away.
   * @returns true when it sent, closed or ended now; false when that comes later, and the sink
   *   is then told `pulled`.
   */
  #follow(sink: ChunkSink, read: boolean, woke: boolean): boolean {
    const { store, batchSize } = this.settings
    for (;;) {
      if (this.#finished) return true
      if (read) {
        if (!store.readNow) return this.#later(sink, this.#followLater(sink, true, woke))
        if (this.#deliver(sink, store.readNow(this.streamId, this.#cursor, batchSize))) return true
        // Woken with nothing to read: the stream expired, or ended at the cursor. Asked only
        // then, so that a live reader costs no extra store round trip per event.
        if (woke) return this.#later(sink, this.#followLater(sink, false, true))
      }
      read = true
      if (this.#waitEnded()) continue
      if (!this.#wait()) return false
      // The store woke the reader while it set up the wait: read now.
      woke = true
    }
  }

  /** `#follow` for a store that answers later; resolves true when it did not end up waiting. */
  async #followLater(sink: ChunkSink, read: boolean, woke: boolean): Promise<boolean> {
    const { store, batchSize } = this.settings
    if (read) {
      const entries = await store.read(this.streamId, this.#cursor, batchSize)
      if (this.#finished) return true
      if (this.#deliver(sink, entries)) return true
    }
    if (woke) {
      const state = await store.get(this.streamId)
      if (this.#finished) return true
      if (!state || (state.ended && state.lastSeq <= this.#cursor)) {
        this.#close(sink)
        return true
      }
      // The read and the state are two requests: an append can land between them (after a
      // wake for entries already read). The state has it, so read again rather than wait.
      if (state.lastSeq > this.#cursor) return this.#follow(sink, true, false)
    }
    return this.#follow(sink, false, false)
  }

  /** Tells the sink once `done` settles, unless the reader went on to wait. */
  #later(sink: ChunkSink, done: Promise<boolean>): false {
    done.then(
      (sent) => {
        if (sent) sink.pulled()
      },
      (error: unknown) => this.#fail(sink, error),
    )
    return false
  }

  /**
   * Sends the entries read; with none, a draining server's hint. False when there was nothing
   * to do: the reader is at the head of a live log.
   */
  #deliver(sink: ChunkSink, entries: LogEntry[]): boolean {
    const { batchSize, sendWindowBytes, drain, retryHint } = this.settings
    if (entries.length > 0) {
      const { text, bytes, count } = packFrames(entries, sendWindowBytes)
      const last = entries[count - 1]
      this.#cursor = last?.seq ?? this.#cursor
      this.#caughtUp = count === entries.length && count < batchSize
      if (last?.terminal) this.#close(sink, text, bytes)
      else this.#send(sink, text, bytes)
      return true
    }
    // [spec] a draining server tells a reader that has caught up when to reconnect (to another
    // instance), then closes it.
    if (!drain.readersClosed) return false
    this.#close(sink, retryHint, utf8Length(retryHint))
    return true
  }

  /** The wait's end, for the sink of the pull that waited. */
  #resume(silent: boolean): void {
    const sink = this.#sink as ChunkSink
    try {
      if (silent && !this.#waitEnded()) {
        // Nothing was read: still at the head.
        this.#caughtUp = true
        this.#send(sink, HEARTBEAT_FRAME, HEARTBEAT_FRAME.length)
        sink.pulled()
      } else if (this.#follow(sink, true, true)) {
        sink.pulled()
      }
    } catch (error) {
      // Run by an append, on the producer's stack: a failure here is this reader's alone.
      this.#fail(sink, error)
    }
  }

  /** A failing store or sink errors the body; a web stream does not then cancel its source. */
  #fail(sink: ChunkSink, error: unknown): void {
    this.#finish()
    sink.error(error)
    sink.pulled()
  }

  cancel(): void {
    this.#finish()
  }

  #waitEnded(): boolean {
    return this.#finished || this.settings.drain.readersClosed
  }

  /**
   * Waits for an append, or `heartbeatMs` of silence. True when the store woke the reader at
   * once (it does when more came since the cursor): the caller reads now, as no one else will.
   */
  #wait(): boolean {
    this.#waiting = true
    this.#heartbeat.arm()
    this.#settingUp = true
    const stop = this.settings.store.waitForAppend(
      this.streamId,
      this.#cursor,
      this.#onAppendOrStop,
    )
    this.#settingUp = false
    if (this.#waiting) {
      this.#stopWait = stop
      return false
    }
    stop()
    return true
  }

  #endWait(silent: boolean): void {
    if (!this.#waiting) return
    this.#waiting = false
    this.#heartbeat.disarm()
    this.#stopWait()
    this.#stopWait = noop
    if (!this.#settingUp) this.#resume(silent)
  }

  #tooSlow(): void {
    this.hooks.dropped()
    this.#finish()
    this.#sink?.error(
      new Error(`reader of ${this.streamId} too slow: dropped, it resumes from the log`),
    )
  }

  #finish(): void {
    if (this.#finished) return
    this.#sendTimeout.dispose()
    this.#heartbeat.dispose()
    this.#finished = true
    this.#endWait(false)
    this.settings.drain.unlisten(this.#onAppendOrStop)
    this.hooks.detach()
  }

  #close(sink: ChunkSink, last?: string, bytes = 0): void {
    if (last !== undefined) {
      sink.enqueue(last)
      this.hooks.sent(bytes)
    }
    sink.close()
    this.#finish()
  }

  /** Hands a chunk over and starts the clock on the socket taking it. */
  #send(sink: ChunkSink, text: string, bytes: number): void {
    sink.enqueue(text)
    this.hooks.sent(bytes)
    this.#sendTimeout.arm()
  }
}
