import { encodeRetry } from '@sluice/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SluiceError, SluiceHttpError } from '../../src/index.js'
import {
  BASE_URL,
  ControlledBody,
  deferred,
  failureOf,
  frames,
  HELLO_CURSOR,
  harness,
  isBackoff,
  jsonError,
  REQUEST,
  RESUME_TOKEN,
  STREAM_ID,
  settle,
  sseResponse,
  statusResponse,
  streamEnd,
  streamStart,
  textDelta,
  textStream,
} from './helpers/harness.js'

const DELETE_CALL = {
  method: 'DELETE',
  url: `${BASE_URL}/v1/streams/${STREAM_ID}`,
  headers: { authorization: `Bearer ${RESUME_TOKEN}` },
}

// Every test here also proves that a stream ending in an error leaves no unhandled rejection.
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', onUnhandled)
})
afterEach(async () => {
  await settle()
  process.off('unhandledRejection', onUnhandled)
  expect(unhandled).toEqual([])
})

describe('SluiceStream: abort()', () => {
  it('during a backoff wait ends at once with aborted, without another request', async () => {
    const { client, server, timers } = harness([jsonError(503, 'internal-error')], {
      manualBackoff: true,
    })
    const errors: Error[] = []
    const stream = client.resume(HELLO_CURSOR, { onError: (error) => errors.push(error) })
    const backoff = await timers.waitFor(isBackoff)
    expect(stream.status).toBe('reconnecting')
    stream.abort()
    // nothing fired the backoff timer: the wait ended because of the abort
    const error = await failureOf(stream)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'aborted' })
    expect(timers.pending).not.toContainEqual(backoff)
    expect(server.requests.length).toBe(1)
    expect(errors).toEqual([error])
    expect(stream.status).toBe('error')
    expect(stream.cursor).toEqual(HELLO_CURSOR)
  })

  it('leaves no unhandled rejection when nobody awaits result', async () => {
    const { client, timers } = harness([new TypeError('Failed to fetch')], { manualBackoff: true })
    const stream = client.start(REQUEST)
    await timers.waitFor(isBackoff)
    stream.abort()
    await settle()
    expect(stream.status).toBe('error')
    // afterEach asserts that no unhandledRejection was reported
  })

  it.each(['start', 'resume'] as const)(
    'an AbortSignal passed to %s() works the same',
    async (method) => {
      const { client, server, timers } = harness([jsonError(503, 'internal-error')], {
        manualBackoff: true,
      })
      const controller = new AbortController()
      const stream =
        method === 'start'
          ? client.start(REQUEST, { signal: controller.signal })
          : client.resume(HELLO_CURSOR, { signal: controller.signal })
      await timers.waitFor(isBackoff)
      controller.abort()
      expect(await failureOf(stream)).toMatchObject({ code: 'aborted' })
      expect(server.requests.length).toBe(1)
    },
  )

  it('while the body is read: the request is aborted, the cursor is kept for a resume', async () => {
    const body = new ControlledBody()
    const { client, server } = harness([sseResponse(body.stream, { streamHeaders: true })])
    const stream = client.start(REQUEST)
    body.write(...frames([streamStart(), textDelta(2, 'Hel')]))
    const request = await server.request(1)
    await settle()
    stream.abort()
    expect(await failureOf(stream)).toMatchObject({ code: 'aborted' })
    expect(request.signal?.aborted).toBe(true)
    expect(body.cancelled).toBe(true)
    expect(stream.text).toBe('Hel')
    expect(stream.cursor).toEqual(HELLO_CURSOR)
    expect(server.requests.length).toBe(1)
  })

  it('while the request waits for its response', async () => {
    const response = deferred<Response>()
    const { client, server } = harness([() => response.promise])
    const stream = client.start(REQUEST)
    const request = await server.request(1)
    stream.abort()
    expect(request.signal?.aborted).toBe(true)
    expect(await failureOf(stream)).toMatchObject({ code: 'aborted' })
    response.resolve(sseResponse(frames(textStream(['late'])), { streamHeaders: true }))
    await settle()
    expect(stream.text).toBe('')
  })

  it('right after start(): no request is read', async () => {
    const { client, server } = harness([
      sseResponse(frames(textStream(['never'])), { streamHeaders: true }),
    ])
    const stream = client.start(REQUEST)
    stream.abort()
    expect(await failureOf(stream)).toMatchObject({ code: 'aborted' })
    expect(server.requests.every((request) => request.signal?.aborted)).toBe(true)
    expect(stream.text).toBe('')
  })

  it('after the stream finished changes nothing', async () => {
    const { client } = harness([sseResponse(frames(textStream(['done'])), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    const result = await stream.result
    stream.abort()
    expect(await stream.result).toBe(result)
    expect(stream.status).toBe('done')
  })

  // Regression: a signal already aborted when passed in was ignored, and the whole stream read.
  it('a signal that is already aborted: fails with aborted and makes no request', async () => {
    const { client, server } = harness([
      sseResponse(frames(textStream(['should', ' not', ' be', ' read'])), { streamHeaders: true }),
    ])
    const events: number[] = []
    const stream = client.start(REQUEST, {
      signal: AbortSignal.abort(),
      onEvent: (event) => events.push(event.seq),
    })
    const error = await failureOf(stream)
    expect(error).toMatchObject({ code: 'aborted' })
    expect(events).toEqual([])
    expect(server.requests).toEqual([])
  })
})

describe('SluiceStream: cancel()', () => {
  it('sends DELETE with the bearer token and reads on until stream-end cancelled', async () => {
    const body = new ControlledBody()
    const { client, server } = harness([
      sseResponse(body.stream, { streamHeaders: true }),
      statusResponse(202),
    ])
    const stream = client.start(REQUEST)
    body.write(...frames([streamStart(), textDelta(2, 'Hel')]))
    await server.request(1)
    await settle()
    await stream.cancel()
    expect(server.calls[1]).toEqual(DELETE_CALL)
    expect(server.requests[1]?.body).toBeUndefined()
    expect(stream.status).toBe('streaming')
    // the server stops the generation: what it produced meanwhile still arrives
    body.write(...frames([textDelta(3, 'lo'), streamEnd(4, 'cancelled')]))
    const result = await stream.result
    expect(result).toMatchObject({ text: 'Hello', finishReason: 'cancelled' })
    expect(server.requests.length).toBe(2)
  })

  it('before the stream id is known, waits for it', async () => {
    const response = deferred<Response>()
    const body = new ControlledBody()
    const { client, server } = harness([() => response.promise, statusResponse(202)])
    const stream = client.start(REQUEST)
    await server.request(1)
    let cancelled = false
    const cancelling = stream.cancel().then(() => {
      cancelled = true
    })
    await settle()
    expect(server.requests.length).toBe(1)
    expect(cancelled).toBe(false)
    response.resolve(sseResponse(body.stream, { streamHeaders: true }))
    expect(await server.request(2)).toMatchObject(DELETE_CALL)
    await cancelling
    body.write(...frames([streamStart(), streamEnd(2, 'cancelled')]))
    expect((await stream.result).finishReason).toBe('cancelled')
  })

  it('learns the stream id from stream-start when the headers are hidden', async () => {
    const body = new ControlledBody()
    const { client, server } = harness([sseResponse(body.stream), statusResponse(202)])
    const stream = client.start(REQUEST)
    const cancelling = stream.cancel()
    body.write(encodeRetry(1000))
    await settle()
    expect(server.requests.length).toBe(1)
    body.write(...frames([streamStart()]))
    await cancelling
    expect(server.calls[1]).toEqual(DELETE_CALL)
    body.write(...frames([streamEnd(2, 'cancelled')]))
    expect((await stream.result).finishReason).toBe('cancelled')
  })

  it('after the stream ended sends nothing', async () => {
    const { client, server } = harness([sseResponse(frames(textStream(['x'])))])
    const stream = client.start(REQUEST)
    await stream.result
    await stream.cancel()
    expect(server.requests.length).toBe(1)
  })

  it('of a stream that failed before it was named sends nothing', async () => {
    const { client, server } = harness([jsonError(400, 'invalid-request')])
    const stream = client.start(REQUEST)
    const cancelling = stream.cancel()
    expect(await failureOf(stream)).toMatchObject({ status: 400, apiCode: 'invalid-request' })
    await cancelling
    expect(server.requests.length).toBe(1)
  })

  it('of a resumed stream uses the cursor at once; works after abort() too', async () => {
    const { client, server } = harness([
      sseResponse(new ControlledBody().stream),
      statusResponse(202),
    ])
    const stream = client.resume(HELLO_CURSOR)
    await server.request(1)
    stream.abort()
    await stream.cancel()
    expect(server.calls[1]).toEqual(DELETE_CALL)
    expect(await failureOf(stream)).toMatchObject({ code: 'aborted' })
  })

  it('treats 404 (already ended and expired) as done', async () => {
    const { client, server } = harness([
      sseResponse(new ControlledBody().stream),
      jsonError(404, 'stream-not-found'),
    ])
    const stream = client.resume(HELLO_CURSOR)
    await expect(stream.cancel()).resolves.toBeUndefined()
    expect(server.requests.length).toBe(2)
    stream.abort()
  })

  it('retries the DELETE on 503 and on a network error', async () => {
    const { client, server, backoffs } = harness([
      sseResponse(new ControlledBody().stream),
      jsonError(503, 'internal-error'),
      new TypeError('Failed to fetch'),
      statusResponse(202),
    ])
    const stream = client.resume(HELLO_CURSOR)
    await stream.cancel()
    expect(server.requests.slice(1).map((request) => request.method)).toEqual([
      'DELETE',
      'DELETE',
      'DELETE',
    ])
    expect(backoffs()).toEqual([500, 1_000])
    stream.abort()
  })

  it('rejects with SluiceHttpError on 403', async () => {
    const { client } = harness([
      sseResponse(new ControlledBody().stream),
      jsonError(403, 'invalid-token'),
    ])
    const stream = client.resume(HELLO_CURSOR)
    const error = await stream.cancel().then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(SluiceHttpError)
    expect(error).toMatchObject({ status: 403, apiCode: 'invalid-token' })
    stream.abort()
  })
})
