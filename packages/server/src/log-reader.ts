import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import type { StreamStore } from './store/stream-store.js'
import type { Timers } from './timers.js'

export interface LogReaderOptions {
  store: StreamStore
  streamId: string
  /** Seq of the last event the client has; the reader sends seq > cursor. */
  cursor: number
  heartbeatMs: number
  retryHintMs: number
  /** Most entries sent in one write. */
  batchSize: number
  timers: Timers
  /** Aborts when the HTTP request goes away. */
  signal: AbortSignal
}

const encoder = new TextEncoder()

/**
 * An SSE response body that reads the stream's log from `cursor` and then follows it live.
 *
 * It is pull-based (`highWaterMark: 0`): the log is read only when the socket has taken the
 * previous chunk, so a slow reader is paced by its own socket and costs the server one cursor,
 * never a queue. Heartbeats fill any silence of `heartbeatMs`, from the first byte on.
 */
export function createLogReader(options: LogReaderOptions): ReadableStream<Uint8Array> {
  const { store, streamId, heartbeatMs, batchSize, timers } = options
  const gone = new AbortController()
  const stop = AbortSignal.any([gone.signal, options.signal])
  let cursor = options.cursor
  let sentHint = false

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!sentHint) {
          sentHint = true
          // [spec] the reconnection hint comes first, so even a stalled start carries it.
          controller.enqueue(encoder.encode(encodeRetry(options.retryHintMs)))
          return
        }
        for (;;) {
          if (stop.aborted) return
          const entries = await store.read(streamId, cursor, batchSize)
          const last = entries.at(-1)
          if (last) {
            if (stop.aborted) return
            controller.enqueue(encoder.encode(entries.map((entry) => entry.frame).join('')))
            cursor = last.seq
            if (last.terminal) controller.close()
            return
          }
          if (!(await store.get(streamId))) {
            // Expired or deleted while we waited: nothing more will come.
            controller.close()
            return
          }
          const quiet = await waitForAppendOrSilence(options, cursor, stop, heartbeatMs, timers)
          if (quiet && !stop.aborted) {
            controller.enqueue(encoder.encode(HEARTBEAT_FRAME))
            return
          }
        }
      },
      cancel() {
        gone.abort()
      },
    },
    { highWaterMark: 0 },
  )
}

/** Waits for an append; resolves `true` if `heartbeatMs` of silence passed first. */
async function waitForAppendOrSilence(
  options: LogReaderOptions,
  cursor: number,
  stop: AbortSignal,
  heartbeatMs: number,
  timers: Timers,
): Promise<boolean> {
  // One controller per wait, linked to `stop` by hand: this runs once per event, and signals
  // made with AbortSignal.any on a long-lived parent pile up on older Node versions.
  const settled = new AbortController()
  const onStop = () => settled.abort()
  stop.addEventListener('abort', onStop, { once: true })
  let silent = false
  const timer = timers.setTimeout(() => {
    silent = true
    settled.abort()
  }, heartbeatMs)
  try {
    await options.store.waitForAppend(options.streamId, cursor, settled.signal)
    return silent
  } finally {
    timers.clearTimeout(timer)
    stop.removeEventListener('abort', onStop)
  }
}
