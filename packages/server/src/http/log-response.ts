import { encodeRetry } from '@sluice/protocol'
import type { Context } from 'hono'
import type { DrainState } from '../drain.js'
import { createLogReader, type LogReaderSettings, type ReaderHooks } from '../log-reader.js'
import type { ServerObserver } from '../observer.js'
import { safeCall } from '../safe-call.js'
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
  /** The server's drain, which closes readers (see `createLogReader`). */
  drain: DrainState
  heartbeatMs: number
  retryHintMs: number
  batchSize: number
  sendWindowBytes: number
  sendTimeoutMs: number
}

/** Builds the event-stream responses that read a stream's log, reporting their readers. */
export function logResponder(settings: LogResponseSettings) {
  const { service, observer, heartbeatMs } = settings
  const readers: LogReaderSettings = {
    store: settings.store,
    heartbeatMs,
    retryHint: encodeRetry(settings.retryHintMs),
    batchSize: settings.batchSize,
    sendWindowBytes: settings.sendWindowBytes,
    sendTimeoutMs: settings.sendTimeoutMs,
    timers: settings.timers,
    drain: settings.drain,
  }
  return (c: Context, { streamId, cursor, resumeToken, resume }: ReadRequest): Response => {
    const headers = sseHeaders(streamId, heartbeatMs, resumeToken)
    // Hono answers a HEAD with the GET route and drops the body unread: a reader made for it
    // would stay counted in, and keep its generation from ever being reaped.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers)
    const hooks = new ReportedReader(service, observer, streamId, resume?.replayedEvents)
    const body = createLogReader(readers, streamId, cursor, hooks)
    return c.body(body, 200, headers)
  }
}

/** One reader's hooks: counted in and out for reaping, and reported to the observer. */
class ReportedReader implements ReaderHooks {
  #detach: (() => void) | undefined

  constructor(
    private readonly service: StreamService,
    private readonly observer: ServerObserver,
    private readonly streamId: string,
    /** How many events behind a resume started; undefined for the POST's own reader. */
    private readonly replayedEvents: number | undefined,
  ) {}

  attach(): void {
    const { streamId, replayedEvents } = this
    this.#detach = this.service.attachReader(streamId)
    const resumed = replayedEvents !== undefined
    safeCall(this.observer.readerAttached, {
      streamId,
      resumed,
      replayedEvents: replayedEvents ?? 0,
    })
  }

  detach(): void {
    const detach = this.#detach
    if (!detach) return
    this.#detach = undefined
    detach()
    safeCall(this.observer.readerDetached, { streamId: this.streamId })
  }

  dropped(): void {
    safeCall(this.observer.readerDropped, { streamId: this.streamId, reason: 'slow-reader' })
  }

  sent(bytes: number): void {
    safeCall(this.observer.bytesSent, { streamId: this.streamId, bytes })
  }
}
