import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { SluiceError } from '../../src/index.js'
import {
  BASE_URL,
  collect,
  failureOf,
  frames,
  harness,
  REQUEST,
  RESUME_TOKEN,
  resumeCall,
  STREAM_ID,
  sseResponse,
  streamEnd,
  streamStart,
  textDelta,
  textStream,
} from './helpers/harness.js'
import { PIECES, TEXT } from './helpers/persisted-text.js'

describe('SluiceStream: exactly once, in order', () => {
  it('reads a whole stream from one POST', async () => {
    const events = textStream(PIECES)
    const { client, server } = harness([sseResponse(frames(events), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    const [result, seen] = await Promise.all([stream.result, collect(stream)])
    expect(result).toEqual({
      streamId: STREAM_ID,
      text: TEXT,
      finishReason: 'stop',
      usage: undefined,
      toolCalls: [],
    })
    expect(seen).toEqual(events)
    expect(stream.status).toBe('done')
    expect(stream.cursor).toEqual({
      streamId: STREAM_ID,
      resumeToken: RESUME_TOKEN,
      lastSeq: events.length,
    })
    expect(server.requests.length).toBe(1)
  })

  it('a server that ignores Last-Event-ID and replays from seq 1: every event once', async () => {
    const events = textStream(PIECES)
    const { client, server } = harness([
      // cut after stream-start and two deltas: seq 1…3
      sseResponse(frames(events.slice(0, 3)), { streamHeaders: true }),
      // the whole stream again from seq 1
      sseResponse(frames(events)),
    ])
    const seen: number[] = []
    const stream = client.start(REQUEST, { onEvent: (event) => seen.push(event.seq) })
    const result = await stream.result
    expect(result.text).toBe(TEXT)
    expect(seen).toEqual(events.map((event) => event.seq))
    expect(await collect(stream)).toEqual(events)
    expect(server.requests[1]?.headers['last-event-id']).toBe('3')
    expect(stream.metrics).toMatchObject({
      duplicatesDropped: 3,
      eventsDelivered: events.length,
      reconnects: 1,
    })
  })

  it('a gap (seq 1, 2, 4) fails with sequence-gap and is not retried', async () => {
    const { client, server } = harness([
      sseResponse(frames([streamStart(), textDelta(2, 'a'), textDelta(4, 'c'), streamEnd(5)]), {
        streamHeaders: true,
      }),
    ])
    const delivered: number[] = []
    const stream = client.start(REQUEST, { onEvent: (event) => delivered.push(event.seq) })
    const error = await failureOf(stream)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'sequence-gap' })
    expect(delivered).toEqual([1, 2])
    expect(stream.text).toBe('a')
    expect(stream.status).toBe('error')
    expect(server.requests.length).toBe(1)
  })

  describe('a body that ends without a terminal event', () => {
    const events = textStream(['Hel', 'lo'])

    it('resumes with GET + Last-Event-ID + Bearer token when X-Stream-Id / X-Resume-Token named the stream', async () => {
      const { client, server } = harness([
        // the server named the stream in its headers, then the body broke off before any event
        sseResponse([encodeRetry(1000)], { streamHeaders: true }),
        sseResponse(frames(events)),
      ])
      const stream = client.start(REQUEST, { idempotencyKey: 'key-1' })
      expect((await stream.result).text).toBe('Hello')
      expect(server.calls).toEqual([
        {
          method: 'POST',
          url: `${BASE_URL}/v1/streams`,
          headers: {
            accept: 'text/event-stream',
            'content-type': 'application/json',
            'idempotency-key': 'key-1',
          },
        },
        resumeCall(0),
      ])
      expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(REQUEST)
      expect(server.requests[1]?.body).toBeUndefined()
    })

    it('resumes with GET when only the stream-start event named the stream (headers hidden by CORS)', async () => {
      const { client, server } = harness([
        sseResponse(frames(events.slice(0, 2))),
        sseResponse(frames(events.slice(2))),
      ])
      const stream = client.start(REQUEST)
      expect((await stream.result).text).toBe('Hello')
      expect(server.calls.map(({ method, url }) => `${method} ${url}`)).toEqual([
        `POST ${BASE_URL}/v1/streams`,
        `GET ${BASE_URL}/v1/streams/${STREAM_ID}`,
      ])
      expect(server.requests[1]?.headers).toEqual({
        accept: 'text/event-stream',
        'last-event-id': '2',
        authorization: `Bearer ${RESUME_TOKEN}`,
      })
    })

    it('never POSTs again once the stream is known, over several reconnects', async () => {
      const { client, server } = harness([
        sseResponse(frames(events.slice(0, 1))),
        sseResponse(frames(events.slice(1, 2))),
        sseResponse([HEARTBEAT_FRAME]),
        sseResponse(frames(events.slice(2))),
      ])
      const stream = client.start(REQUEST)
      expect((await stream.result).text).toBe('Hello')
      expect(server.requests.map((request) => request.method)).toEqual([
        'POST',
        'GET',
        'GET',
        'GET',
      ])
      expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual([
        undefined,
        '1',
        '2',
        '2',
      ])
    })

    it('repeats the POST with the same Idempotency-Key while the stream is still unnamed', async () => {
      const { client, server } = harness([
        sseResponse([encodeRetry(1000)]),
        sseResponse(frames(events), { streamHeaders: true }),
      ])
      const stream = client.start(REQUEST)
      expect((await stream.result).text).toBe('Hello')
      const [first, second] = server.requests
      expect(second?.method).toBe('POST')
      expect(second?.body).toBe(first?.body)
      expect(first?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/)
      expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    })

    // [spec] policy: an event without its blank line at the end of the body is incomplete and
    // discarded; no terminal event arrived, so the client resumes from the last complete event
    // and the server sends the terminal event again.
    it('a final event without its trailing blank line is discarded, and the resume replays it', async () => {
      const last = frames(events).at(-1) ?? ''
      const cut = last.slice(0, -1)
      expect(cut.endsWith('data: {"finishReason":"stop"}\n')).toBe(true)
      const { client, server } = harness([
        sseResponse([...frames(events.slice(0, -1)), cut], { streamHeaders: true }),
        sseResponse([last]),
      ])
      const ends: number[] = []
      const stream = client.start(REQUEST, {
        onEvent: (event) => {
          if (event.type === 'stream-end') ends.push(event.seq)
        },
      })
      expect(await stream.result).toMatchObject({ text: 'Hello', finishReason: 'stop' })
      expect(ends).toEqual([4])
      expect(server.calls.map(({ method, headers }) => [method, headers['last-event-id']])).toEqual(
        [
          ['POST', undefined],
          ['GET', '3'],
        ],
      )
      expect(stream.metrics).toMatchObject({ reconnects: 1, duplicatesDropped: 0 })
    })

    it('gives up with truncated after maxAttempts reconnects without progress', async () => {
      const { client, server, backoffs } = harness(
        [
          sseResponse(frames(events.slice(0, 2)), { streamHeaders: true }),
          sseResponse([]),
          sseResponse([]),
          sseResponse([]),
        ],
        { retry: { maxAttempts: 2 } },
      )
      const stream = client.start(REQUEST)
      expect(await failureOf(stream)).toMatchObject({ code: 'truncated' })
      // progress on the first connection counts it as failure 1, then 2 more without progress
      expect(server.requests.length).toBe(3)
      expect(backoffs()).toEqual([500, 1_000])
      expect(stream.cursor?.lastSeq).toBe(2)
    })
  })

  describe('frames that break protocol v1', () => {
    it.each([
      ['an event without id', 'event: text-delta\ndata: {"text":"x"}\n\n'],
      ['data that is not JSON', 'id: 2\nevent: text-delta\ndata: {"text":\n\n'],
      ['a known event with a bad payload', 'id: 2\nevent: text-delta\ndata: {"text":42}\n\n'],
      ['a malformed id', 'id: 2.0\nevent: text-delta\ndata: {"text":"x"}\n\n'],
    ])('%s → protocol-error, not retried', async (_, frame) => {
      const { client, server } = harness([
        sseResponse([...frames([streamStart()]), frame], { streamHeaders: true }),
      ])
      const stream = client.start(REQUEST)
      expect(await failureOf(stream)).toMatchObject({ code: 'protocol-error' })
      expect(server.requests.length).toBe(1)
    })

    it('an event larger than the parser buffer → protocol-error', async () => {
      const huge = `id: 2\nevent: text-delta\ndata: {"text":"${'x'.repeat(16 * 1024 * 1024)}`
      const { client } = harness([
        sseResponse([...frames([streamStart()]), huge], { streamHeaders: true }),
      ])
      expect(await failureOf(client.start(REQUEST))).toMatchObject({ code: 'protocol-error' })
    })

    it('skips an event type this version does not know, but counts its seq', async () => {
      const { client } = harness([
        sseResponse(
          [
            ...frames([streamStart(), textDelta(2, 'a')]),
            'id: 3\nevent: reasoning-delta\ndata: {"text":"hmm"}\n\n',
            ...frames([textDelta(4, 'b'), streamEnd(5)]),
          ],
          { streamHeaders: true },
        ),
      ])
      const stream = client.start(REQUEST)
      expect((await stream.result).text).toBe('ab')
      expect((await collect(stream)).map((event) => event.seq)).toEqual([1, 2, 4, 5])
      expect(stream.cursor?.lastSeq).toBe(5)
    })

    it('an id-only block moves the cursor without an event', async () => {
      const { client, server } = harness([
        sseResponse([...frames([streamStart(), textDelta(2, 'a')]), 'id: 3\n\n'], {
          streamHeaders: true,
        }),
        sseResponse(frames([textDelta(4, 'b'), streamEnd(5)])),
      ])
      const stream = client.start(REQUEST)
      expect((await stream.result).text).toBe('ab')
      expect(server.requests[1]?.headers['last-event-id']).toBe('3')
    })
  })
})
