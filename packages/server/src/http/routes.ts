import { zValidator } from '@hono/zod-validator'
import { Header, ProtocolError, parseCursor, QueryParam } from '@sluice/protocol'
import { type Context, Hono } from 'hono'
import type { DrainState } from '../drain.js'
import type { ServerObserver } from '../observer.js'
import { safeCall } from '../safe-call.js'
import type { StreamService } from '../stream-service.js'
import { ApiError } from './api-error.js'
import { requireJsonBody } from './read-body.js'
import {
  type CreateStreamBody,
  createStreamRequestSchema,
  type RequestLimits,
} from './request-schema.js'
import type { StreamSlots } from './stream-slots.js'

/** What an SSE response reads. */
export interface ReadRequest {
  streamId: string
  /** The reader sends events after this seq. */
  cursor: number
  /** Sent as a header on the response that creates the stream. */
  resumeToken?: string
  /** A `GET`: how many events behind the log's head it starts. */
  resume?: { replayedEvents: number }
}

export interface RoutesOptions {
  service: StreamService
  limits: RequestLimits
  slots: StreamSlots
  drain: DrainState
  /** The `Retry-After` of a 503 while draining. */
  drainRetryAfterSeconds: number
  observer: ServerObserver
  /** The caller's principal from the host's `authorize` hook; undefined without one. */
  identify: (request: Request) => Promise<string | undefined>
  /** Builds the SSE response that reads a stream. */
  respond: (c: Context, read: ReadRequest) => Response
}

type Env = { Variables: { principal: string | undefined } }

/** The `/v1/streams` routes of protocol v1. */
export function streamRoutes(options: RoutesOptions): Hono<Env> {
  const { service, limits, slots, drain, respond } = options
  const routes = new Hono<Env>()
  const bodySchema = createStreamRequestSchema(limits)
  const refuseWhileDraining = () => {
    throw new ApiError(
      503,
      'server-draining',
      'This server is shutting down; try again (another instance) shortly',
      undefined,
      options.drainRetryAfterSeconds,
    )
  }

  routes.use('*', async (c, next) => {
    c.set('principal', await options.identify(c.req.raw))
    await next()
  })

  routes.post(
    '/',
    async (c, next) => {
      if (drain.draining) refuseWhileDraining()
      await requireJsonBody(c)
      await next()
    },
    zValidator('json', bodySchema, (result) => {
      if (result.success) return
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }))
      const first = issues[0]
      const summary = first ? `${first.path || 'body'}: ${first.message}` : 'Invalid request'
      throw new ApiError(422, 'invalid-request', summary, issues)
    }),
    async (c) => {
      const body: CreateStreamBody = c.req.valid('json')
      const principal = c.get('principal')
      const idempotencyKey = scopedIdempotencyKey(c, principal)
      const fingerprint = JSON.stringify(body)
      // A repeated request replays its stream even when every slot is taken (by that stream too).
      const replay = idempotencyKey && (await service.replayOf(idempotencyKey, fingerprint))
      if (replay) {
        const { streamId, resumeToken } = replay.record
        return respond(c, { streamId, cursor: 0, resumeToken })
      }
      const release = slots.acquire(principal)
      try {
        const { record, created } = await service.start({
          providerId: body.provider,
          model: body.model,
          request: toProviderRequest(body),
          idempotencyKey,
          fingerprint,
          principal,
          onEnded: release,
        })
        if (!created) release()
        return respond(c, { streamId: record.streamId, cursor: 0, resumeToken: record.resumeToken })
      } catch (error) {
        release()
        throw error
      }
    },
  )

  routes.get('/:id', async (c) => {
    if (drain.readersClosed) refuseWhileDraining()
    const cursor = readCursor(c)
    const state = await service.authorize(c.req.param('id'), credentials(c))
    if (cursor > state.lastSeq) {
      throw new ApiError(
        409,
        'cursor-out-of-range',
        `Last-Event-ID ${cursor} is beyond the stream's last event (${state.lastSeq})`,
      )
    }
    if (state.ended && cursor === state.lastSeq) {
      // [spec] 204 tells an event-stream client to stop reconnecting: it has everything.
      return c.body(null, 204)
    }
    const resume = { replayedEvents: state.lastSeq - cursor }
    return respond(c, { streamId: state.record.streamId, cursor, resume })
  })

  routes.delete('/:id', async (c) => {
    const state = await service.authorize(c.req.param('id'), credentials(c))
    const cancelled = await service.cancel(state.record.streamId)
    if (cancelled) safeCall(options.observer.streamCancelled, { streamId: state.record.streamId })
    return c.json(
      { streamId: state.record.streamId, state: cancelled ? 'cancelled' : 'ended' },
      202,
    )
  })

  return routes
}

function toProviderRequest(body: CreateStreamBody) {
  const { messages, maxTokens, temperature, responseFormat, mock } = body
  return {
    messages,
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(responseFormat === undefined ? {} : { responseFormat }),
    ...(mock === undefined ? {} : { providerOptions: { mock } }),
  }
}

function readCursor(c: Context): number {
  // [spec] the header is what EventSource-style reconnects send; the query is for page reloads.
  const raw = c.req.header(Header.lastEventId) ?? c.req.query(QueryParam.lastEventId)
  try {
    return parseCursor(raw)
  } catch (error) {
    if (ProtocolError.is(error)) throw new ApiError(400, 'invalid-cursor', error.message)
    throw error
  }
}

function credentials(c: Context<Env>) {
  const authorization = c.req.header(Header.authorization)
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  return { token: bearer ?? nonEmpty(c.req.query(QueryParam.token)), principal: c.get('principal') }
}

/** Keys live as long as their stream; a bound keeps one client from filling memory with them. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/** The request's idempotency key, in the caller's own namespace when the host names callers. */
function scopedIdempotencyKey(c: Context, principal: string | undefined): string | undefined {
  const key = nonEmpty(c.req.header(Header.idempotencyKey))
  if (key !== undefined && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError(
      400,
      'invalid-request',
      `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    )
  }
  return key === undefined || principal === undefined ? key : JSON.stringify([principal, key])
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
