import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import { type ChunkSink, type PullSource, pullBody } from './http/pull-body.js'
import { packFrames } from './pack-frames.js'
import type { SignalListeners } from './signal-listeners.js'
import type { StreamStore } from './store/stream-store.js'
import { createAlarm, type Timers } from './timers.js'

export interface LogReaderOptions {
  store: StreamStore
  streamId: string
  /** Seq of the last event the client has; the reader sends seq > cursor. */
  cursor: number
  heartbeatMs: number
  retryHintMs: number
  /** Most log entries read from the store at once. */
  batchSize: number
  /** Most bytes handed to the socket at once: what one reader can have in flight. */
  sendWindowBytes: number
  /** A chunk the socket has not taken within this time marks the reader as too slow. */
  sendTimeoutMs: number
  timers: Timers
  /** Aborts when the HTTP request goes away. */
  signal: AbortSignal
  /** Aborts when the server drains: once caught up, the reader sends a `retry:` hint and closes. */
  drain: SignalListeners
  /** Counts the reader in (zombie reaping); returns the function that counts it out. */
  attach: () => () => void
  /** Told when the reader is cut off for being too slow. */
  onDropped: () => void
  /** Told of every chunk handed to the socket. */
  onSent: (bytes: number) => void
}

const encoder = new TextEncoder()
const noop = () => {}
const HEARTBEAT_BYTES = encoder.encode(HEARTBEAT_FRAME)

/**
 * An SSE response body that reads the stream's log from `cursor` and then follows it live.
 *
 * It is pull-based (`highWaterMark: 0`): the log is read only when the socket has taken the
 * previous chunk, so a slow reader is paced by its own socket and costs the server a cursor and
 * at most one chunk of `sendWindowBytes`, never a queue. A reader whose socket takes nothing for
 * `sendTimeoutMs` is cut off; its client resumes from the log. Heartbeats fill any silence of
 * `heartbeatMs`, from the first byte on.
 */
export function createLogReader(options: LogReaderOptions): ReadableStream<Uint8Array> {
  return pullBody(createLogSource(options))
}

/** The reader as a pull source: see `createLogReader`, and `pullBody` for why. */
function createLogSource(options: LogReaderOptions): PullSource {
  const { store, streamId, timers } = options
  let finished = false
  // Plain listeners rather than AbortSignal.any: a derived signal per reader costs memory.
  // Kept in a variable by the abort listener: `AbortSignal.aborted` is a checked getter, and
  // this is asked several times per event.
  let requestGone = options.signal.aborted
  const stopped = () => finished || requestGone
  const waitEnded = () => stopped() || options.drain.aborted
  let cursor = options.cursor
  let sentHint = false
  /** Whether the last read reached the head of the log (see `pull`). */
  let caughtUp = false
  let detach = () => {}
  /** The sink of the latest pull: the send timeout fails it. */
  let sink: ChunkSink | undefined
  const retryHint = encoder.encode(encodeRetry(options.retryHintMs))
  // One alarm each for the reader's life, armed once per event: no timer or signal per event.
  const sendTimeout = createAlarm(timers, options.sendTimeoutMs, () => {
    options.onDropped()
    finish()
    sink?.error(new Error(`reader of ${streamId} too slow: dropped, it resumes from the log`))
  })
  /** Resolves the wait in progress: `true` when it ended in silence. */
  let resolveWait: ((silent: boolean) => void) | undefined
  let stopWait = noop
  // The wait's callbacks live as long as the reader: nothing is made per wait but its promise.
  const endWait = (silent: boolean) => {
    const resolve = resolveWait
    if (!resolve) return
    resolveWait = undefined
    heartbeat.disarm()
    stopWait()
    stopWait = noop
    resolve(silent)
  }
  const onAppendOrStop = () => endWait(false)
  const onRequestGone = () => {
    requestGone = true
    endWait(false)
  }
  const heartbeat = createAlarm(timers, options.heartbeatMs, () => endWait(true))
  options.signal.addEventListener('abort', onRequestGone, { once: true })
  const stopListeningToDrain = options.drain.listen(onAppendOrStop)

  /** Waits for an append; resolves `true` if `heartbeatMs` of silence passed first. */
  const waitForAppendOrSilence = () =>
    new Promise<boolean>((resolve) => {
      resolveWait = resolve
      heartbeat.arm()
      const stop = store.waitForAppend(streamId, cursor, onAppendOrStop)
      // The store may wake at once, before handing back the function that stops the wait.
      if (resolveWait === resolve) stopWait = stop
      else stop()
    })

  const finish = () => {
    sendTimeout.dispose()
    heartbeat.dispose()
    finished = true
    endWait(false)
    options.signal.removeEventListener('abort', onRequestGone)
    stopListeningToDrain()
    detach()
  }
  const close = (controller: ChunkSink, last?: Uint8Array) => {
    if (last) {
      controller.enqueue(last)
      options.onSent(last.byteLength)
    }
    controller.close()
    finish()
  }
  /** Hands a chunk over and starts the clock on the socket taking it. */
  const send = (controller: ChunkSink, bytes: Uint8Array) => {
    controller.enqueue(bytes)
    options.onSent(bytes.byteLength)
    sendTimeout.arm()
  }

  return {
    start() {
      detach = options.attach()
    },
    async pull(controller) {
      sink = controller
      sendTimeout.disarm()
      if (!sentHint) {
        sentHint = true
        // [spec] the reconnection hint comes first, so even a stalled start carries it.
        send(controller, retryHint)
        return
      }
      // Set when a wait ended without a heartbeat: an append, or the stream going away.
      let woke = false
      // A reader whose last read reached the log's head waits before reading again (the store
      // wakes it at once if more came since): a live reader reads once per event, not twice.
      let read = !caughtUp
      caughtUp = false
      for (;;) {
        if (stopped()) return
        if (read) {
          const entries = await store.read(streamId, cursor, options.batchSize)
          if (stopped()) return
          if (entries.length > 0) {
            const { bytes, count } = packFrames(entries, options.sendWindowBytes)
            const last = entries[count - 1]
            cursor = last?.seq ?? cursor
            caughtUp = count === entries.length && count < options.batchSize
            if (last?.terminal) {
              close(controller, bytes)
            } else {
              send(controller, bytes)
            }
            return
          }
          // [spec] a draining server tells a reader that has caught up when to reconnect
          // (to another instance), then closes it.
          if (options.drain.aborted) return close(controller, retryHint)
          // Woken with nothing to read: the stream expired, or ended at the cursor. Asked only
          // then, so that a live reader costs no extra store round trip per event.
          if (woke) {
            const state = await store.get(streamId)
            if (!state || state.ended) return close(controller)
          }
        }
        read = true
        if (waitEnded()) continue
        const silent = await waitForAppendOrSilence()
        if (silent && !waitEnded()) {
          // Nothing was read: still at the head.
          caughtUp = true
          send(controller, HEARTBEAT_BYTES)
          return
        }
        woke = true
      }
    },
    cancel() {
      finish()
    },
  }
}
