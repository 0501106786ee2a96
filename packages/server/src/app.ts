import { createMockProvider } from '@sluice/mock-provider'
import { Header, Path } from '@sluice/protocol'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import { Registry } from 'prom-client'
import type { SluiceServerOptions } from './config.js'
import { DrainState } from './drain.js'
import { ApiError } from './http/api-error.js'
import { limitBody } from './http/body-limit.js'
import { errorHandler } from './http/error-handler.js'
import { logResponder } from './http/log-response.js'
import { providerListing } from './http/provider-listing.js'
import { defaultRequestLimits } from './http/request-schema.js'
import { streamRoutes } from './http/routes.js'
import { defaultConcurrencyLimits, StreamSlots } from './http/stream-slots.js'
import { combineObservers } from './observer.js'
import { withTimeouts } from './provider-timeouts.js'
import { safeCall } from './safe-call.js'
import { MemoryStreamStore } from './store/memory-store.js'
import { defaultStreamLengthLimits } from './stream-length.js'
import { StreamService } from './stream-service.js'
import { createLogObserver } from './telemetry/logging.js'
import { createMetricsObserver } from './telemetry/metrics.js'
import { systemTimers, type Timers } from './timers.js'

export interface SluiceServer {
  /** The runtime-neutral Hono app: serve it anywhere, or test it with `app.request()`. */
  app: Hono
  service: StreamService
  /** The registry `GET /metrics` serves, unless metrics are off. */
  metrics: Registry | undefined
  /**
   * Graceful shutdown, before `close()`: refuses new streams (503 with `Retry-After`), lets
   * running generations finish into the log for up to `deadlineMs`, cancels the rest, then tells
   * every attached reader to reconnect (a `retry:` hint) and closes it.
   */
  drain(options?: { deadlineMs?: number }): Promise<void>
  /** Cancels running producers and releases the store. */
  close(): Promise<void>
}

/** Builds the reference server. */
export function createSluiceServer(options: SluiceServerOptions = {}): SluiceServer {
  const timers = options.timers ?? systemTimers
  const store = options.store ?? new MemoryStreamStore({ timers })
  const timeouts = {
    firstPartMs: options.firstTokenTimeoutMs ?? 60_000,
    idleMs: options.idleTimeoutMs ?? 30_000,
    totalMs: options.upstreamTimeoutMs ?? 600_000,
    timers,
  }
  const providers = (options.providers ?? [createMockProvider()]).map((provider) =>
    withTimeouts(provider, timeouts),
  )
  const metrics = options.metrics === false ? undefined : (options.metrics ?? new Registry())
  const observer = combineObservers(
    ...(metrics ? [createMetricsObserver(metrics)] : []),
    ...(options.logger ? [createLogObserver(options.logger)] : []),
    options.observer ?? {},
  )
  const reportInternal = options.onInternalError ?? (options.logger ? undefined : console.error)
  const onInternalError = (error: unknown) => {
    safeCall(reportInternal, error)
    safeCall(observer.internalError, error)
  }
  const defaultProvider = options.defaultProvider ?? providers[0]?.id ?? 'mock'
  const service = new StreamService({
    store,
    providers: new Map(providers.map((provider) => [provider.id, provider])),
    defaultProvider,
    unavailable: options.unavailableProviders ?? {},
    onInternalError,
    policy: {
      zombieGraceMs: options.zombieGraceMs ?? 30_000,
      maxDurationMs: options.maxDurationMs ?? 600_000,
      timers,
      observer,
    },
    lengthLimits: { ...defaultStreamLengthLimits, ...options.streamLength },
    requireToken: options.requireResumeToken ?? true,
  })
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const retryHintMs = options.retryHintMs ?? 1_000
  const drain = new DrainState()
  const authorize = options.authorize

  const app = new Hono()
  app.use(
    '*',
    secureHeaders({
      // An API answers JSON and event streams: nothing in it may load, run or be framed.
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      // Which origins may read responses is CORS's decision (below), not this header's.
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: false,
    }),
    cors({
      origin: options.corsOrigin ?? [],
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: [
        Header.contentType,
        Header.authorization,
        Header.lastEventId,
        Header.idempotencyKey,
      ],
      exposeHeaders: [
        Header.streamId,
        Header.resumeToken,
        Header.heartbeatInterval,
        Header.retryAfter,
      ],
      maxAge: 600,
    }),
  )
  app.use(
    '/v1/*',
    limitBody(maxBodyBytes, () => {
      throw new ApiError(413, 'body-too-large', `The request body exceeds ${maxBodyBytes} bytes`)
    }),
  )
  // A draining instance reports unhealthy so that the load balancer stops sending it traffic.
  app.get('/healthz', (c) =>
    drain.draining ? c.json({ status: 'draining' }, 503) : c.json({ status: 'ok' }),
  )
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.metrics(), 200, { 'Content-Type': metrics.contentType }),
    )
  }
  app.get(Path.providers, (c) =>
    c.json(
      providerListing(
        providers.map((provider) => provider.id),
        defaultProvider,
        options.unavailableProviders ?? {},
      ),
    ),
  )
  app.route(
    '/v1/streams',
    streamRoutes({
      service,
      limits: { ...defaultRequestLimits, ...options.limits },
      slots: new StreamSlots({ ...defaultConcurrencyLimits, ...options.concurrency }),
      drain,
      drainRetryAfterSeconds: Math.max(1, Math.ceil(retryHintMs / 1000)),
      observer,
      identify: async (request) => {
        if (!authorize) return undefined
        const principal = await authorize(request)
        if (principal === null) throw new ApiError(401, 'unauthorized', 'Sign in to use streams')
        return principal
      },
      respond: logResponder({
        store,
        service,
        observer,
        timers,
        drain,
        heartbeatMs,
        retryHintMs,
        batchSize: options.readBatchSize ?? 256,
        sendWindowBytes: options.sendWindowBytes ?? 65_536,
        sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
      }),
    }),
  )
  app.notFound((c) =>
    c.json(
      new ApiError(404, 'not-found', `No route for ${c.req.method} ${c.req.path}`).toBody(),
      404,
    ),
  )
  app.onError(errorHandler(observer, onInternalError))

  return {
    app,
    service,
    metrics,
    async drain({ deadlineMs = options.drainDeadlineMs ?? 25_000 } = {}) {
      drain.begin()
      await untilOrAfter(service.idle(), deadlineMs, timers)
      await service.stopAll()
      drain.closeReaders()
    },
    async close() {
      await service.stopAll()
      await store.close()
    },
  }
}

/** Resolves when `promise` settles or `ms` have passed, whichever comes first. */
function untilOrAfter(promise: Promise<unknown>, ms: number, timers: Timers): Promise<void> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(resolve, ms)
    promise.finally(() => {
      timers.clearTimeout(timer)
      resolve()
    })
  })
}
