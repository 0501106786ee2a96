import { HEARTBEAT_FRAME, type SluiceEvent } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { SluiceError, SluiceStreamError, type StreamStatus } from '../../src/index.js'
import {
  ControlledBody,
  collect,
  errorEvent,
  failureOf,
  frames,
  harness,
  isBackoff,
  REQUEST,
  RESUME_TOKEN,
  STREAM_ID,
  settle,
  sseResponse,
  streamEnd,
  streamStart,
  textDelta,
  textStream,
  thrownBy,
  toBytes,
  toolCallDelta,
} from './helpers/harness.js'

const EVENTS = [
  streamStart(),
  textDelta(2, 'Let me '),
  toolCallDelta(3, 'call_1', '{"city":', 'weather'),
  textDelta(4, 'check.'),
  toolCallDelta(5, 'call_1', '"Oslo"}'),
  streamEnd(6, 'tool-calls'),
]

describe('SluiceStream: callbacks and iterator', () => {
  it('callbacks fire in order, once per event, then onFinish once', async () => {
    const log: string[] = []
    const { client } = harness([sseResponse(frames(EVENTS), { streamHeaders: true })])
    const stream = client.start(REQUEST, {
      onEvent: (event) => log.push(`event ${event.seq} ${event.type}`),
      onText: (delta, text) => log.push(`text ${JSON.stringify(delta)} → ${JSON.stringify(text)}`),
      onFinish: (result) => log.push(`finish ${result.finishReason}`),
      onError: (error) => log.push(`error ${error.message}`),
    })
    const result = await stream.result
    expect(log).toEqual([
      'event 1 stream-start',
      'event 2 text-delta',
      'text "Let me " → "Let me "',
      'event 3 tool-call-delta',
      'event 4 text-delta',
      'text "check." → "Let me check."',
      'event 5 tool-call-delta',
      'event 6 stream-end',
      'finish tool-calls',
    ])
    expect(result).toEqual({
      streamId: STREAM_ID,
      text: 'Let me check.',
      finishReason: 'tool-calls',
      usage: undefined,
      toolCalls: [
        {
          toolCallId: 'call_1',
          name: 'weather',
          argsText: '{"city":"Oslo"}',
          args: { city: 'Oslo' },
        },
      ],
    })
    // The stream lists the raw calls; the result adds their parsed arguments.
    expect(stream.toolCalls).toEqual(
      result.toolCalls.map(({ toolCallId, name, argsText }) => ({ toolCallId, name, argsText })),
    )
  })

  it('onFinish receives usage from stream-end', async () => {
    const usage = { inputTokens: 12, outputTokens: 3 }
    const end = {
      seq: 3,
      type: 'stream-end' as const,
      data: { finishReason: 'length' as const, usage },
    }
    const { client } = harness([
      sseResponse(frames([streamStart(), textDelta(2, 'abc'), end]), { streamHeaders: true }),
    ])
    const finished: unknown[] = []
    const result = await client.start(REQUEST, { onFinish: (r) => finished.push(r) }).result
    expect(result.usage).toEqual(usage)
    expect(finished).toEqual([result])
  })

  it('the iterator yields every event even when iteration starts after the stream finished', async () => {
    const { client } = harness([sseResponse(frames(EVENTS), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    await stream.result
    expect(await collect(stream)).toEqual(EVENTS)
  })

  it('a late iterator yields what onEvent got, across a skipped unknown type and extra fields', async () => {
    const extended = { seq: 3, type: 'text-delta', data: { text: 'b', lang: 'en' } } as SluiceEvent
    const known = [streamStart(), textDelta(2, 'a'), extended, textDelta(5, 'c'), streamEnd(6)]
    const body = [
      ...frames(known.slice(0, 3)),
      'id: 4\nevent: added-later\ndata: {}\n\n',
      ...frames(known.slice(3)),
    ]
    const { client } = harness([sseResponse(body, { streamHeaders: true })])
    const fromCallbacks: SluiceEvent[] = []
    const stream = client.start(REQUEST, { onEvent: (event) => fromCallbacks.push(event) })
    await stream.result
    expect(fromCallbacks).toEqual(known)
    expect(await collect(stream)).toEqual(known)
  })

  it('the iterator and callbacks see the same events while streaming', async () => {
    const body = new ControlledBody()
    const { client } = harness([sseResponse(body.stream, { streamHeaders: true })])
    const fromCallbacks: number[] = []
    const stream = client.start(REQUEST, { onEvent: (event) => fromCallbacks.push(event.seq) })
    const iterated = collect(stream)
    for (const frame of frames(EVENTS)) {
      body.write(frame)
      await settle(1)
    }
    expect((await iterated).map((event) => event.seq)).toEqual(fromCallbacks)
    expect(fromCallbacks).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('a second iteration throws already-iterated', async () => {
    const { client } = harness([sseResponse(frames(EVENTS), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    await collect(stream)
    const error = thrownBy(() => stream[Symbol.asyncIterator]())
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'already-iterated' })
  })

  it('the iterator throws the stream error after the events before it', async () => {
    const { client } = harness([
      sseResponse(frames([streamStart(), textDelta(2, 'a'), textDelta(4, 'gap')]), {
        streamHeaders: true,
      }),
    ])
    const stream = client.start(REQUEST)
    const seen: number[] = []
    let error: unknown
    try {
      for await (const event of stream) seen.push(event.seq)
    } catch (caught) {
      error = caught
    }
    expect(seen).toEqual([1, 2])
    expect(error).toMatchObject({ code: 'sequence-gap' })
    expect(await failureOf(stream)).toBe(error)
  })

  it('status goes connecting → streaming → reconnecting → streaming → done', async () => {
    const events = textStream(['a', 'b'])
    const first = new ControlledBody()
    const { client, server, timers } = harness(
      [sseResponse(first.stream, { streamHeaders: true }), sseResponse(frames(events.slice(2)))],
      { manualBackoff: true },
    )
    const stream = client.start(REQUEST)
    const statuses: StreamStatus[] = [stream.status]
    await server.request(1)
    first.write(...frames(events.slice(0, 2)))
    await settle()
    statuses.push(stream.status)
    first.close()
    const backoff = await timers.waitFor(isBackoff)
    statuses.push(stream.status)
    timers.fire(backoff)
    await server.request(2)
    await settle()
    await stream.result
    statuses.push(stream.status)
    expect(statuses).toEqual(['connecting', 'streaming', 'reconnecting', 'done'])
    expect(stream.metrics.reconnects).toBe(1)
  })
})

describe('SluiceStream: a terminal error event', () => {
  it('rejects with SluiceStreamError (streamCode, retryable) and is not retried', async () => {
    const errors: Error[] = []
    const { client, server } = harness([
      sseResponse(
        frames([
          streamStart(),
          textDelta(2, 'partial'),
          errorEvent(3, 'upstream-rate-limited', 'The model is busy', true),
        ]),
        { streamHeaders: true },
      ),
    ])
    const stream = client.start(REQUEST, { onError: (error) => errors.push(error) })
    const error = await failureOf(stream)
    expect(error).toBeInstanceOf(SluiceStreamError)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({
      name: 'SluiceStreamError',
      code: 'stream-error',
      streamCode: 'upstream-rate-limited',
      message: 'The model is busy',
      retryable: true,
    })
    expect(errors).toEqual([error])
    expect(server.requests.length).toBe(1)
    expect(stream.text).toBe('partial')
    expect(stream.status).toBe('error')
  })

  it('the iterator yields the error event, then throws', async () => {
    const events = [streamStart(), errorEvent(2, 'producer-lost', 'The producer died', false)]
    const { client } = harness([sseResponse(frames(events), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    const seen: unknown[] = []
    let error: unknown
    try {
      for await (const event of stream) seen.push(event)
    } catch (caught) {
      error = caught
    }
    expect(seen).toEqual(events)
    expect(error).toMatchObject({ streamCode: 'producer-lost', retryable: false })
  })
})

describe('SluiceStream: metrics', () => {
  it('counts deliveries, heartbeats, bytes and the token timings on the injected clock', async () => {
    let clock = 10_000
    const body = new ControlledBody()
    const { client } = harness([sseResponse(body.stream, { streamHeaders: true })], {
      now: () => clock,
    })
    const stream = client.start(REQUEST)
    const chunks = [
      HEARTBEAT_FRAME,
      ...frames([streamStart()]),
      HEARTBEAT_FRAME,
      ...frames([textDelta(2, 'first'), textDelta(3, ' second'), textDelta(4, ' third')]),
      ...frames([streamEnd(5)]),
    ]
    body.write(...chunks.slice(0, 3))
    await settle()
    expect(stream.metrics.timeToFirstTokenMs).toBeUndefined()
    clock += 250
    body.write(chunks[3] as string)
    await settle()
    expect(stream.metrics).toMatchObject({ tokens: 1, tokensPerSecond: undefined })
    clock += 100
    body.write(chunks[4] as string)
    await settle()
    clock += 300
    body.write(chunks[5] as string, chunks[6] as string)
    await stream.result
    expect(stream.metrics).toEqual({
      timeToFirstTokenMs: 250,
      tokens: 3,
      tokensPerSecond: 5,
      meanInterTokenMs: 200,
      maxInterTokenMs: 300,
      reconnects: 0,
      replayedEvents: 0,
      duplicatesDropped: 0,
      eventsDelivered: 5,
      heartbeats: 2,
      bytesReceived: chunks.reduce((sum, chunk) => sum + toBytes(chunk).length, 0),
    })
  })

  it('metrics is a snapshot, not a live object', async () => {
    const { client } = harness([sseResponse(frames(textStream(['x'])), { streamHeaders: true })])
    const stream = client.start(REQUEST)
    const before = stream.metrics
    await stream.result
    expect(before.eventsDelivered).toBe(0)
    expect(stream.metrics.eventsDelivered).toBe(3)
  })
})

describe('SluiceStream: resume()', () => {
  it('reads from the cursor, with the text shown before the reload', async () => {
    const { client, server } = harness([sseResponse(frames(textStream(['Hel', 'lo']).slice(2)))])
    const texts: string[] = []
    const stream = client.resume(
      { streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 2 },
      { text: 'Hel', onText: (_, text) => texts.push(text) },
    )
    expect(stream.text).toBe('Hel')
    expect(stream.cursor).toEqual({ streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 2 })
    const result = await stream.result
    expect(result).toMatchObject({ streamId: STREAM_ID, text: 'Hello' })
    expect(texts).toEqual(['Hello'])
    expect(server.requests[0]?.headers['last-event-id']).toBe('2')
  })
})

describe('SluiceStream: custom headers', () => {
  it('a headers function is called before every request, so a refreshed token is used', async () => {
    const events = textStream(['a', 'b'])
    let calls = 0
    const { client, server } = harness(
      [
        sseResponse(frames(events.slice(0, 2)), { streamHeaders: true }),
        sseResponse(frames(events.slice(2))),
      ],
      {
        headers: async () => {
          calls++
          return { 'X-App-Token': `token-${calls}` }
        },
      },
    )
    await client.start(REQUEST).result
    expect(calls).toBe(2)
    expect(server.requests.map((request) => request.headers['x-app-token'])).toEqual([
      'token-1',
      'token-2',
    ])
  })

  it('a headers object is sent on every request, the DELETE included', async () => {
    const body = new ControlledBody()
    const { client, server } = harness(
      [sseResponse(body.stream, { streamHeaders: true }), new Response(null, { status: 202 })],
      { headers: { 'X-Tenant': 'acme' } },
    )
    const stream = client.start(REQUEST)
    await stream.cancel()
    body.write(...frames([streamStart(), streamEnd(2, 'cancelled')]))
    await stream.result
    expect(server.requests.map((request) => request.headers['x-tenant'])).toEqual(['acme', 'acme'])
  })

  it('protocol headers win over custom ones of the same name', async () => {
    const events = textStream(['a', 'b'])
    const { client, server } = harness(
      [
        sseResponse(frames(events.slice(0, 2)), { streamHeaders: true }),
        sseResponse(frames(events.slice(2))),
      ],
      {
        headers: {
          Accept: 'text/html',
          'Content-Type': 'text/plain',
          'Idempotency-Key': 'custom',
          'Last-Event-ID': '999',
          Authorization: 'Bearer app-session',
        },
      },
    )
    await client.start(REQUEST, { idempotencyKey: 'key-1' }).result
    expect(server.requests[0]?.headers).toEqual({
      accept: 'text/event-stream',
      'content-type': 'application/json',
      'idempotency-key': 'key-1',
      'last-event-id': '999', // not a protocol header of a POST: the custom one stays
      authorization: 'Bearer app-session',
    })
    expect(server.requests[1]?.headers).toEqual({
      accept: 'text/event-stream',
      'content-type': 'text/plain',
      'idempotency-key': 'custom',
      'last-event-id': '2',
      authorization: `Bearer ${RESUME_TOKEN}`,
    })
  })

  // Regression: merging plain objects sent both a custom `authorization` and the protocol's
  // `Authorization`, joined on the wire.
  it('protocol headers win over custom ones spelled in another case', async () => {
    const { client, server } = harness([sseResponse(frames(textStream(['a']).slice(2)))], {
      headers: { authorization: 'Bearer app-session', 'last-event-id': '999' },
    })
    await client.resume({ streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 2 }).result
    expect(server.requests[0]?.headers).toMatchObject({
      'last-event-id': '2',
      authorization: `Bearer ${RESUME_TOKEN}`,
    })
  })
})
