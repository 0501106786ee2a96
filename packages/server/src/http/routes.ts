import { zValidator } from '@hono/zod-validator'
import { Header, ProtocolError, parseCursor, QueryParam } from '@sluice/protocol'
import { type Context, Hono } from 'hono'
import type { StreamService } from '../stream-service.js'
import { ApiError } from './api-error.js'
import { requireJsonBody } from './read-body.js'
import {
  type CreateStreamBody,
  createStreamRequestSchema,
  type RequestLimits,
} from './request-schema.js'

export interface RoutesOptions {
  service: StreamService
  limits: RequestLimits
  /** Builds the SSE response that reads stream `streamId` after `cursor`. */
  respond: (c: Context, streamId: string, cursor: number, resumeToken?: string) => Response
}

/** The `/v1/streams` routes of protocol v1. */
export function streamRoutes({ service, limits, respond }: RoutesOptions): Hono {
  const routes = new Hono()
  const bodySchema = createStreamRequestSchema(limits)

  routes.post(
    '/',
    async (c, next) => {
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
      const { record } = await service.start({
        providerId: body.provider,
        model: body.model,
        request: toProviderRequest(body),
        idempotencyKey: readIdempotencyKey(c),
        fingerprint: JSON.stringify(body),
      })
      return respond(c, record.streamId, 0, record.resumeToken)
    },
  )

  routes.get('/:id', async (c) => {
    const cursor = readCursor(c)
    const state = await service.authorize(c.req.param('id'), readToken(c))
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
    return respond(c, state.record.streamId, cursor)
  })

  routes.delete('/:id', async (c) => {
    const state = await service.authorize(c.req.param('id'), readToken(c))
    const cancelled = await service.cancel(state.record.streamId)
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

function readToken(c: Context): string | undefined {
  const authorization = c.req.header(Header.authorization)
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  return bearer ?? nonEmpty(c.req.query(QueryParam.token))
}

/** Keys live as long as their stream; a bound keeps one client from filling memory with them. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255

function readIdempotencyKey(c: Context): string | undefined {
  const key = nonEmpty(c.req.header(Header.idempotencyKey))
  if (key !== undefined && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new ApiError(
      400,
      'invalid-request',
      `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    )
  }
  return key
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
