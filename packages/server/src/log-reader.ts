import { HEARTBEAT_FRAME } from '@sluice/protocol'
import type { DrainState } from './drain.js'
import { type ChunkSink, type PullSource, pullBody } from './http/pull-body.js'
import { packFrames, utf8Length } from './pack-frames.js'
import type { StreamStore } from './store/stream-store.js'
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
/** What a pull that sent its chunk at once returns. */
const SENT = Promise.resolve()

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
 */
class LogReader implements PullSource, AlarmOwner {
  #cursor: number
  #finished = false
  #sentHint = false
  /** Whether the last read reached the head of the log (see `pull`). */
  #caughtUp = false
  /** The sink of the latest pull: the send timeout fails it. */
  #sink: ChunkSink | undefined
  /** Resolves the wait in progress: `true` when it ended in silence. */
  #resolveWait: ((silent: boolean) => void) | undefined
  #stopWait = noop
  // One alarm each for the reader's life, armed once per event: no timer or signal per event.
  readonly #sendTimeout: Alarm
  readonly #heartbeat: Alarm
  // The wait's callback lives as long as the reader: nothing is made per wait but its promise.
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

  /** Not async: a reader that goes straight to waiting returns the wait's own promise. */
  pull(controller: ChunkSink): Promise<void> {
    this.#sink = controller
    this.#sendTimeout.disarm()
    if (!this.#sentHint) {
      this.#sentHint = true
      // [spec] the reconnection hint comes first, so even a stalled start carries it.
      this.#send(controller, this.settings.retryHint, utf8Length(this.settings.retryHint))
      return SENT
    }
    // A reader whose last read reached the log's head waits before reading again (the store
    // wakes it at once if more came since): a live reader reads once per event, not twice.
    if (this.#caughtUp && !this.#waitEnded()) {
      this.#caughtUp = false
      return this.#waitForAppendOrSilence().then(this.#afterWait)
    }
    const read = !this.#caughtUp
    this.#caughtUp = false
    return this.#follow(controller, read, false)
  }

  /**
   * Sends what the log has from the cursor, or waits for more. The wait is returned, not
   * awaited: a reader waiting for the next event holds no suspended function.
   * @param woke Whether a wait ended without a heartbeat: an append, or the stream going away.
   */
  async #follow(controller: ChunkSink, read: boolean, woke: boolean): Promise<void> {
    const { store, batchSize, sendWindowBytes, drain } = this.settings
    try {
      for (;;) {
        if (this.#finished) return
        if (read) {
          const entries = await store.read(this.streamId, this.#cursor, batchSize)
          if (this.#finished) return
          if (entries.length > 0) {
            const { text, bytes, count } = packFrames(entries, sendWindowBytes)
            const last = entries[count - 1]
            this.#cursor = last?.seq ?? this.#cursor
            this.#caughtUp = count === entries.length && count < batchSize
            if (last?.terminal) {
              this.#close(controller, text, bytes)
            } else {
              this.#send(controller, text, bytes)
            }
            return
          }
          // [spec] a draining server tells a reader that has caught up when to reconnect
          // (to another instance), then closes it.
          if (drain.readersClosed) {
            const { retryHint } = this.settings
            return this.#close(controller, retryHint, utf8Length(retryHint))
          }
          // Woken with nothing to read: the stream expired, or ended at the cursor. Asked only
          // then, so that a live reader costs no extra store round trip per event.
          if (woke) {
            const state = await store.get(this.streamId)
            if (this.#finished) return
            if (!state || state.ended) return this.#close(controller)
          }
        }
        read = true
        if (!this.#waitEnded()) return this.#waitForAppendOrSilence().then(this.#afterWait)
      }
    } catch (error) {
      // A failing store errors the body; a web stream does not then cancel its source.
      this.#finish()
      throw error
    }
  }

  /** Made once: the wait's continuation, for the sink of the pull that waited. */
  readonly #afterWait = (silent: boolean): Promise<void> | undefined => {
    const controller = this.#sink as ChunkSink
    if (silent && !this.#waitEnded()) {
      // Nothing was read: still at the head.
      this.#caughtUp = true
      this.#send(controller, HEARTBEAT_FRAME, HEARTBEAT_FRAME.length)
      return
    }
    return this.#follow(controller, true, true)
  }

  cancel(): void {
    this.#finish()
  }

  #waitEnded(): boolean {
    return this.#finished || this.settings.drain.readersClosed
  }

  /** Waits for an append; resolves `true` if `heartbeatMs` of silence passed first. */
  #waitForAppendOrSilence(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.#resolveWait = resolve
      this.#heartbeat.arm()
      const stop = this.settings.store.waitForAppend(
        this.streamId,
        this.#cursor,
        this.#onAppendOrStop,
      )
      // The store may wake at once, before handing back the function that stops the wait.
      if (this.#resolveWait === resolve) this.#stopWait = stop
      else stop()
    })
  }

  #endWait(silent: boolean): void {
    const resolve = this.#resolveWait
    if (!resolve) return
    this.#resolveWait = undefined
    this.#heartbeat.disarm()
    this.#stopWait()
    this.#stopWait = noop
    resolve(silent)
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

  #close(controller: ChunkSink, last?: string, bytes = 0): void {
    if (last !== undefined) {
      controller.enqueue(last)
      this.hooks.sent(bytes)
    }
    controller.close()
    this.#finish()
  }

  /** Hands a chunk over and starts the clock on the socket taking it. */
  #send(controller: ChunkSink, text: string, bytes: number): void {
    controller.enqueue(text)
    this.hooks.sent(bytes)
    this.#sendTimeout.arm()
  }
}
