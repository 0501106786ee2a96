import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createSluiceClient } from '../../src/index.js'
import {
  BASE_URL,
  bodyOf,
  collect,
  FakeTimers,
  frames,
  HEARTBEAT_MS,
  MIN_STALL_MS,
  REQUEST,
  RESUME_TOKEN,
  SSE_HEADERS,
  STREAM_HEADERS,
  STREAM_ID,
  textStream,
} from './helpers/harness.js'

// msw replaces `globalThis.fetch` (in this environment, happy-dom's window.fetch) with its
// interceptor. The client is given no `fetch`, so this proves that it finds the global one at
// call time and reads a streamed body through it.

const PIECES = ['Rivers ', 'carve ', 'valleys ', '— slowly. ', '🌊']
const EVENTS = textStream(PIECES)
const seen: {
  method: string
  url: string
  headers: Record<string, string | null>
  body?: unknown
}[] = []

const server = setupServer(
  http.post(`${BASE_URL}/v1/streams`, async ({ request }) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: { 'idempotency-key': request.headers.get('Idempotency-Key') },
      body: await request.json(),
    })
    // Named in the headers, then cut after seq 3 without a terminal event.
    const body = bodyOf([encodeRetry(100), ...frames(EVENTS.slice(0, 3))])
    return new HttpResponse(body, { headers: { ...SSE_HEADERS, ...STREAM_HEADERS } })
  }),
  http.get(`${BASE_URL}/v1/streams/:id`, ({ request, params }) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: {
        'last-event-id': request.headers.get('Last-Event-ID'),
        authorization: request.headers.get('Authorization'),
      },
    })
    if (params.id !== STREAM_ID)
      return HttpResponse.json({ error: { code: 'stream-not-found' } }, { status: 404 })
    const from = Number(request.headers.get('Last-Event-ID') ?? 0)
    const body = bodyOf([HEARTBEAT_FRAME, ...frames(EVENTS.filter((event) => event.seq > from))])
    return new HttpResponse(body, { headers: SSE_HEADERS })
  }),
)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  seen.length = 0
})
afterAll(() => server.close())

it('streams through the global fetch (msw), resuming over GET after a cut', async () => {
  const timers = new FakeTimers({ autoFire: (ms) => ms < MIN_STALL_MS })
  const client = createSluiceClient({
    baseUrl: BASE_URL,
    timers,
    random: () => 0.5,
    now: timers.now,
    heartbeatMs: HEARTBEAT_MS,
  })
  const texts: string[] = []
  const stream = client.start(REQUEST, {
    idempotencyKey: 'msw-key',
    onText: (_, text) => texts.push(text),
  })
  const [result, events] = await Promise.all([stream.result, collect(stream)])

  expect(result).toEqual({
    streamId: STREAM_ID,
    text: PIECES.join(''),
    finishReason: 'stop',
    usage: undefined,
    toolCalls: [],
  })
  expect(events).toEqual(EVENTS)
  expect(texts.at(-1)).toBe(PIECES.join(''))
  expect(seen).toEqual([
    {
      method: 'POST',
      url: `${BASE_URL}/v1/streams`,
      headers: { 'idempotency-key': 'msw-key' },
      body: REQUEST,
    },
    {
      method: 'GET',
      url: `${BASE_URL}/v1/streams/${STREAM_ID}`,
      headers: { 'last-event-id': '3', authorization: `Bearer ${RESUME_TOKEN}` },
    },
  ])
  // the server's retry: 100 hint is the backoff base: 0.5 × 100
  expect(timers.requested.filter((ms) => ms < MIN_STALL_MS)).toEqual([50])
  expect(stream.metrics).toMatchObject({ reconnects: 1, heartbeats: 1, duplicatesDropped: 0 })
})
