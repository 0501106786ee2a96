import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { SluiceError, SluiceHttpError } from '../../src/index.js'
import {
  EPOCH,
  failureOf,
  frames,
  HELLO_CURSOR,
  HELLO_EVENTS,
  harness,
  helloRest,
  jsonError,
  type Reply,
  resumeCall,
  sseResponse,
  textStream,
} from './helpers/harness.js'

function resumeWith(replies: Reply[], options: Parameters<typeof harness>[1] = {}) {
  const h = harness(replies, options)
  const stream = h.client.resume(HELLO_CURSOR, { text: 'Hel' })
  return { ...h, stream }
}

describe('SluiceStream: HTTP statuses on the resume request', () => {
  it('503 then 200: recovers, resuming from the same cursor', async () => {
    const { stream, server, backoffs } = resumeWith([jsonError(503, 'internal-error'), helloRest()])
    expect((await stream.result).text).toBe('Hello')
    expect(server.calls).toEqual([resumeCall(2), resumeCall(2)])
    // random 0.5 × initialDelayMs 1000
    expect(backoffs()).toEqual([500])
    expect(stream.metrics.reconnects).toBe(1)
  })

  it.each([408, 425, 429, 500, 502, 504])('%i then 200: recovers', async (status) => {
    const { stream, server } = resumeWith([jsonError(status, 'internal-error'), helloRest()])
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.length).toBe(2)
  })

  it('429 with Retry-After: 2 waits at least 2000 ms', async () => {
    const { stream, server, backoffs } = resumeWith([
      jsonError(429, 'internal-error', { 'Retry-After': '2' }),
      helloRest(),
    ])
    expect((await stream.result).text).toBe('Hello')
    expect(backoffs()).toEqual([2_000])
    const [first, second] = server.requests
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(2_000)
  })

  it('503 with Retry-After as an HTTP date waits until that date (on the injected clock)', async () => {
    const { stream, backoffs } = resumeWith([
      jsonError(503, 'internal-error', { 'Retry-After': new Date(EPOCH + 5_000).toUTCString() }),
      helloRest(),
    ])
    expect((await stream.result).text).toBe('Hello')
    expect(backoffs()).toEqual([5_000])
  })

  it('a Retry-After above maxRetryAfterMs fails at once', async () => {
    const { stream, server } = resumeWith(
      [jsonError(503, 'internal-error', { 'Retry-After': '600' })],
      { retry: { maxRetryAfterMs: 60_000 } },
    )
    const error = await failureOf(stream)
    expect(error).toBeInstanceOf(SluiceHttpError)
    expect(error).toMatchObject({ code: 'http-error', status: 503, retryAfterMs: 600_000 })
    expect(server.requests.length).toBe(1)
  })

  it.each([
    [400, 'invalid-cursor'],
    [401, 'token-required'],
    [403, 'invalid-token'],
    [404, 'stream-not-found'],
    [409, 'cursor-out-of-range'],
  ])('%i fails at once with SluiceHttpError (apiCode %s)', async (status, apiCode) => {
    const { stream, server, backoffs } = resumeWith([jsonError(status, apiCode)])
    const error = await failureOf(stream)
    expect(error).toBeInstanceOf(SluiceHttpError)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({
      name: 'SluiceHttpError',
      code: 'http-error',
      status,
      apiCode,
      message: `${apiCode} (${status})`,
    })
    expect(server.requests.length).toBe(1)
    expect(backoffs()).toEqual([])
    expect(stream.status).toBe('error')
  })

  it('an error status without a JSON body has no apiCode', async () => {
    const { stream } = resumeWith([
      new Response('<h1>Not Found</h1>', { status: 404, headers: { 'Content-Type': 'text/html' } }),
    ])
    expect(await failureOf(stream)).toMatchObject({
      status: 404,
      apiCode: undefined,
      message: 'The server answered 404',
    })
  })

  it.each([
    ['text/html', { 'Content-Type': 'text/html; charset=utf-8' }],
    ['no Content-Type', {}],
  ])('a 200 with %s fails with invalid-content-type and is not retried', async (_, headers) => {
    const { stream, server } = resumeWith([
      new Response(frames(HELLO_EVENTS.slice(2)).join(''), { headers }),
    ])
    const error = await failureOf(stream)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'invalid-content-type' })
    expect(server.requests.length).toBe(1)
  })

  it('gives up with the last SluiceHttpError after maxAttempts retries', async () => {
    const { stream, server, backoffs } = resumeWith(
      [
        jsonError(503, 'internal-error'),
        jsonError(503, 'internal-error'),
        jsonError(502, 'internal-error'),
      ],
      { retry: { maxAttempts: 2 } },
    )
    expect(await failureOf(stream)).toMatchObject({ status: 502 })
    expect(server.requests.length).toBe(3)
    expect(backoffs()).toEqual([500, 1_000])
  })
})

describe('SluiceStream: network errors', () => {
  it('retries a failed fetch up to maxAttempts times, then fails with network-error', async () => {
    const cause = new TypeError('Failed to fetch')
    const { stream, server, backoffs } = resumeWith([cause, cause, cause, cause, helloRest()], {
      retry: { maxAttempts: 3 },
    })
    const error = await failureOf(stream)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'network-error', cause })
    expect(server.requests.length).toBe(4)
    expect(backoffs()).toEqual([500, 1_000, 2_000])
    expect(stream.cursor?.lastSeq).toBe(2)
  })

  it('recovers when the network comes back within maxAttempts', async () => {
    const cause = new TypeError('Load failed')
    const { stream, server } = resumeWith([cause, cause, cause, helloRest()], {
      retry: { maxAttempts: 3 },
    })
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.length).toBe(4)
  })

  it('a body that breaks mid-stream resumes after the last event delivered', async () => {
    const { stream, server } = resumeWith([
      sseResponse(frames(HELLO_EVENTS.slice(2, 3)), { end: new TypeError('network error') }),
      sseResponse(frames(HELLO_EVENTS.slice(3))),
    ])
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual(['2', '3'])
  })

  it('an error that is not a network error (a bug) is not retried', async () => {
    const bug = new TypeError('x is not a function')
    const { stream, server } = resumeWith([bug, helloRest()])
    expect(await failureOf(stream)).toBe(bug)
    expect(server.requests.length).toBe(1)
  })

  it('the attempt count resets after a connection that made progress', async () => {
    // seq 1 start, 2 "a", 3 "b", 4 "c", 5 "d", 6 end; the client has seen seq 1
    const events = textStream(['a', 'b', 'c', 'd'])
    const dropped = new TypeError('network error')
    const offline = new TypeError('Failed to fetch')
    const h = harness(
      [
        sseResponse(frames(events.slice(1, 2)), { end: dropped }), // progress: failure 1
        offline, // failure 2
        sseResponse(frames(events.slice(2, 3)), { end: dropped }), // progress: failure 1 again
        offline, // failure 2
        sseResponse(frames(events.slice(3))),
      ],
      { retry: { maxAttempts: 2 } },
    )
    const stream = h.client.resume({ ...HELLO_CURSOR, lastSeq: 1 })
    expect((await stream.result).text).toBe('abcd')
    expect(h.server.requests.map((request) => request.headers['last-event-id'])).toEqual([
      '1',
      '2',
      '2',
      '3',
      '3',
    ])
    expect(h.backoffs()).toEqual([500, 1_000, 500, 1_000])
    expect(stream.metrics.reconnects).toBe(4)
  })

  it('without progress, the same failures exhaust maxAttempts', async () => {
    const offline = new TypeError('Failed to fetch')
    const { stream, server } = resumeWith([offline, offline, offline, helloRest()], {
      retry: { maxAttempts: 2 },
    })
    expect(await failureOf(stream)).toMatchObject({ code: 'network-error' })
    expect(server.requests.length).toBe(3)
  })
})

describe('SluiceStream: the server retry: hint', () => {
  it('is the backoff base, kept across connections, replaced by a newer hint', async () => {
    const { stream, backoffs } = resumeWith([
      sseResponse([encodeRetry(200)]),
      sseResponse([]),
      sseResponse([HEARTBEAT_FRAME]),
      sseResponse([encodeRetry(3_000)]),
      helloRest(),
    ])
    expect((await stream.result).text).toBe('Hello')
    // random 0.5 × 200 × 2^(attempt − 1), then 0.5 × 3000 × 2^3
    expect(backoffs()).toEqual([100, 200, 400, 12_000])
  })
})
