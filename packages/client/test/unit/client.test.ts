import { describe, expect, it } from 'vitest'
import {
  createSluiceClient,
  type ResumeOptions,
  type SluiceClientOptions,
  SluiceError,
  type StreamCursor,
} from '../../src/index.js'
import {
  frames,
  harness,
  REQUEST,
  RESUME_TOKEN,
  STREAM_ID,
  sseResponse,
  textStream,
  thrownBy,
} from './helpers/harness.js'

describe('createSluiceClient', () => {
  it.each([
    ['{}', {}],
    ['a number baseUrl', { baseUrl: 42 }],
    ['undefined', undefined],
    ['null', null],
  ])('throws invalid-argument for %s', (_, options) => {
    const error = thrownBy(() => createSluiceClient(options as unknown as SluiceClientOptions))
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ name: 'SluiceError', code: 'invalid-argument' })
  })

  it.each([
    ['heartbeatMs 0', { heartbeatMs: 0 }],
    ['a negative heartbeatMs', { heartbeatMs: -15_000 }],
    ['heartbeatMs NaN', { heartbeatMs: Number.NaN }],
    ['heartbeatMs Infinity', { heartbeatMs: Number.POSITIVE_INFINITY }],
    ['a string heartbeatMs', { heartbeatMs: '15000' }],
    ['stallMultiplier 0.5 (a stall before the next heartbeat is due)', { stallMultiplier: 0.5 }],
    ['stallMultiplier 0', { stallMultiplier: 0 }],
    ['stallMultiplier Infinity', { stallMultiplier: Number.POSITIVE_INFINITY }],
    ['a negative persistIntervalMs', { persistIntervalMs: -1 }],
    ['persistIntervalMs NaN', { persistIntervalMs: Number.NaN }],
  ])('throws invalid-argument for %s', (_, options) => {
    const error = thrownBy(() =>
      createSluiceClient({ baseUrl: '', ...(options as Partial<SluiceClientOptions>) }),
    )
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'invalid-argument' })
  })

  it('accepts the limits: stallMultiplier 1, persistIntervalMs 0, a fractional heartbeatMs', () => {
    expect(() =>
      createSluiceClient({
        baseUrl: '',
        stallMultiplier: 1,
        persistIntervalMs: 0,
        heartbeatMs: 0.5,
      }),
    ).not.toThrow()
  })

  it.each([
    ['', '/v1/streams'],
    ['https://api.example.com/', 'https://api.example.com/v1/streams'],
    ['https://api.example.com/sluice//', 'https://api.example.com/sluice/v1/streams'],
  ])(
    'baseUrl %j: POSTs to %s (empty is same origin, trailing slashes go)',
    async (baseUrl, url) => {
      const { client, server } = harness([sseResponse(frames(textStream(['x'])))], { baseUrl })
      await client.start(REQUEST).result
      expect(server.requests[0]?.url).toBe(url)
    },
  )

  it('encodes the stream id in resume URLs', async () => {
    const { client, server } = harness([sseResponse(frames(textStream(['x']).slice(2)))])
    await client.resume({ streamId: 'a/b?c', resumeToken: RESUME_TOKEN, lastSeq: 2 }).result
    expect(server.requests[0]?.url).toBe('https://sluice.test/v1/streams/a%2Fb%3Fc')
  })
})

describe('start()', () => {
  it.each([
    ['no request', undefined],
    ['null', null],
    ['no messages', {}],
    ['messages that are not an array', { messages: 'hi' }],
  ])('throws invalid-argument for %s, before any request', (_, request) => {
    const { client, server } = harness([])
    const error = thrownBy(() => client.start(request as unknown as typeof REQUEST))
    expect(error).toMatchObject({ code: 'invalid-argument' })
    expect(server.requests).toEqual([])
  })

  it('sends a random 128-bit Idempotency-Key, a new one per start()', async () => {
    const body = () => sseResponse(frames(textStream(['x'])))
    const { client, server } = harness([body(), body()])
    await client.start(REQUEST).result
    await client.start(REQUEST).result
    const keys = server.requests.map((request) => request.headers['idempotency-key'])
    expect(keys).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{32}$/),
    ])
    expect(keys[0]).not.toBe(keys[1])
  })
})

describe('resume()', () => {
  const valid: StreamCursor = { streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 0 }

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty streamId', { ...valid, streamId: '' }],
    ['a missing resumeToken', { streamId: STREAM_ID, lastSeq: 0 }],
    ['an empty resumeToken', { ...valid, resumeToken: '' }],
    ['a negative lastSeq', { ...valid, lastSeq: -1 }],
    ['a fractional lastSeq', { ...valid, lastSeq: 1.5 }],
    ['a string lastSeq', { ...valid, lastSeq: '3' }],
    ['NaN', { ...valid, lastSeq: Number.NaN }],
    ['an unsafe integer', { ...valid, lastSeq: 2 ** 53 }],
  ])('throws invalid-argument for %s, before any request', (_, cursor) => {
    const { client, server } = harness([])
    const error = thrownBy(() => client.resume(cursor as unknown as StreamCursor))
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'invalid-argument' })
    expect(server.requests).toEqual([])
  })

  it.each([
    ['a text that is not a string', { text: 42 }],
    ['toolCalls that are not an array', { toolCalls: {} }],
  ])('throws invalid-argument for %s', (_, options) => {
    const { client, server } = harness([])
    const error = thrownBy(() => client.resume(valid, options as ResumeOptions))
    expect(error).toMatchObject({ code: 'invalid-argument' })
    expect(server.requests).toEqual([])
  })

  it('accepts lastSeq 0 (nothing seen yet)', async () => {
    const { client, server } = harness([sseResponse(frames(textStream(['x'])))])
    expect((await client.resume(valid).result).text).toBe('x')
    expect(server.requests[0]?.headers['last-event-id']).toBe('0')
  })
})
