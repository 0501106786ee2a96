import { createMockProvider } from '@sluice/mock-provider'
import { Header, Path } from '@sluice/protocol'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import type { SluiceServerOptions } from './config.js'
import { ApiError } from './http/api-error.js'
import { providerListing } from './http/provider-listing.js'
import { defaultRequestLimits } from './http/request-schema.js'
import { streamRoutes } from './http/routes.js'
import { sseHeaders } from './http/sse-response.js'
import { createLogReader } from './log-reader.js'
import { withTimeouts } from './provider-timeouts.js'
import { safeCall } from './safe-call.js'
import { MemoryStreamStore } from './store/memory-store.js'
import { StreamService } from './stream-service.js'
import { systemTimers } from './timers.js'

export interface SluiceServer {
  /** The runtime-neutral Hono app: serve it anywhere, or test it with `app.request()`. */
  app: Hono
  service: StreamService
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
  const defaultProvider = options.defaultProvider ?? providers[0]?.id ?? 'mock'
  const onInternalError = (error: unknown) =>
    safeCall(options.onInternalError ?? console.error, error)
  const observer = options.observer ?? {}
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
  })
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576
  const heartbeatMs = options.heartbeatMs ?? 15_000

  const app = new Hono()
  app.use(
    '*',
    cors({
      origin: options.corsOrigin ?? '*',
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
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'body-too-large', `The request body exceeds ${maxBodyBytes} bytes`)
      },
    }),
  )
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
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
      respond: (c, streamId, cursor, resumeToken) =>
        c.body(
          createLogReader({
            store,
            streamId,
            cursor,
            heartbeatMs,
            retryHintMs: options.retryHintMs ?? 1_000,
            batchSize: options.readBatchSize ?? 256,
            sendWindowBytes: options.sendWindowBytes ?? 65_536,
            sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
            timers,
            signal: c.req.raw.signal,
            attach: () => service.attachReader(streamId),
            onDropped: () => safeCall(observer.readerDropped, { streamId, reason: 'slow-reader' }),
          }),
          200,
          sseHeaders(streamId, heartbeatMs, resumeToken),
        ),
    }),
  )
  app.notFound((c) =>
    c.json(
      { error: { code: 'not-found', message: `No route for ${c.req.method} ${c.req.path}` } },
      404,
    ),
  )
  app.onError((error, c) => {
    if (ApiError.is(error)) {
      // [RFC 9110] a 401 names the scheme that would be accepted.
      if (error.status === 401) c.header('WWW-Authenticate', 'Bearer')
      return c.json(error.toBody(), error.status)
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: { code: 'invalid-request', message: error.message } }, error.status)
    }
    onInternalError(error)
    return c.json({ error: { code: 'internal-error', message: 'Internal server error' } }, 500)
  })

  return {
    app,
    service,
    async close() {
      await service.stopAll()
      await store.close()
    },
  }
}
