import type { Context } from 'hono'
import { createLogReader } from '../log-reader.js'
import type { ServerObserver } from '../observer.js'
import { safeCall } from '../safe-call.js'
import { SignalListeners } from '../signal-listeners.js'
import type { StreamStore } from '../store/stream-store.js'
import type { StreamService } from '../stream-service.js'
import type { Timers } from '../timers.js'
import type { ReadRequest } from './routes.js'
import { sseHeaders } from './sse-response.js'

export interface LogResponseSettings {
  store: StreamStore
  service: StreamService
  observer: ServerObserver
  timers: Timers
  /** Aborts when the server drains (see `createLogReader`). */
  drain: AbortSignal
  heartbeatMs: number
  retryHintMs: number
  batchSize: number
  sendWindowBytes: number
  sendTimeoutMs: number
}

/** Builds the event-stream responses that read a stream's log, reporting their readers. */
export function logResponder(settings: LogResponseSettings) {
  const { store, service, observer, heartbeatMs } = settings
  const drain = new SignalListeners(settings.drain)
  return (c: Context, { streamId, cursor, resumeToken, resume }: ReadRequest): Response => {
    const attach = () => {
      const detach = service.attachReader(streamId)
      const replayedEvents = resume?.replayedEvents ?? 0
      safeCall(observer.readerAttached, { streamId, resumed: !!resume, replayedEvents })
      let attached = true
      return () => {
        if (!attached) return
        attached = false
        detach()
        safeCall(observer.readerDetached, { streamId })
      }
    }
    const body = createLogReader({
      ...settings,
      drain,
      store,
      streamId,
      cursor,
      signal: c.req.raw.signal,
      attach,
      onDropped: () => safeCall(observer.readerDropped, { streamId, reason: 'slow-reader' }),
      onSent: (bytes) => safeCall(observer.bytesSent, { streamId, bytes }),
    })
    return c.body(body, 200, sseHeaders(streamId, heartbeatMs, resumeToken))
  }
}
