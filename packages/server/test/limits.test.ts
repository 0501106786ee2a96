import { createMockProvider, ManualClock } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, type SluiceServer, type SluiceServerOptions } from '../src/index.js'
import { postStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

/** Its clock never moves: generations run until something stops them. */
const stalledMock = () => createMockProvider({ clock: new ManualClock() })

const post = (body: object, user?: string) =>
  postStream(server.app, body, { headers: user ? { 'X-User': user } : {} })

async function expectTooMany(response: Response) {
  expect(response.status).toBe(429)
  expect(response.headers.get('Retry-After')).toBe('2')
  const { error } = (await response.json()) as { error: { code: string; message: string } }
  expect(error.code).toBe('too-many-streams')
}

/** Lets the slot release that follows a stream's end (a few promise hops) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('concurrent streams', () => {
  it('refuses one beyond the total with 429 and Retry-After, and frees the slot at the end', async () => {
    server = createSluiceServer({
      providers: [stalledMock()],
      concurrency: { maxStreams: 2, retryAfterSeconds: 2 },
    })
    const first = await post({})
    expect((await post({})).status).toBe(200)
    await expectTooMany(await post({}))

    const streamId = first.headers.get('X-Stream-Id') as string
    await server.service.cancel(streamId)
    await settle()
    expect((await post({})).status).toBe(200)
  })

  it('refuses one beyond the per-principal limit while others may still start', async () => {
    server = createSluiceServer({
      providers: [stalledMock()],
      authorize: (request) => request.headers.get('X-User'),
      concurrency: { maxStreamsPerPrincipal: 1, retryAfterSeconds: 2 },
    })
    expect((await post({}, 'alice')).status).toBe(200)
    await expectTooMany(await post({}, 'alice'))
    expect((await post({}, 'bob')).status).toBe(200)
  })

  it('does not hold a slot for a request that is refused or replayed', async () => {
    server = createSluiceServer({
      providers: [stalledMock()],
      concurrency: { maxStreams: 2, retryAfterSeconds: 2 },
    })
    expect((await post({ provider: 'nope' })).status).toBe(422)
    const replayable = { headers: { 'Idempotency-Key': 'k' } }
    const once = await postStream(server.app, {}, replayable)
    const again = await postStream(server.app, {}, replayable)
    expect([once.status, again.status]).toEqual([200, 200])
    expect((await post({})).status).toBe(200)
    await expectTooMany(await post({}))
  })

  it('replays a repeated request (same Idempotency-Key) even when every slot is taken', async () => {
    server = createSluiceServer({
      providers: [stalledMock()],
      concurrency: { maxStreams: 1, retryAfterSeconds: 2 },
    })
    const replayable = { headers: { 'Idempotency-Key': 'retry-me' } }
    const once = await postStream(server.app, {}, replayable)
    await expectTooMany(await post({}))
    const again = await postStream(server.app, {}, replayable)
    expect(again.status).toBe(200)
    expect(again.headers.get('X-Stream-Id')).toBe(once.headers.get('X-Stream-Id'))
    const other = { messages: [{ role: 'user', content: 'something else' }] }
    const reused = await postStream(server.app, other, replayable)
    expect(reused.status).toBe(422)
  })
})

describe('stream length', () => {
  async function run(streamLength: NonNullable<SluiceServerOptions['streamLength']>) {
    const truncated: string[] = []
    server = createSluiceServer({
      providers: [createMockProvider()],
      streamLength,
      observer: { streamTruncated: ({ limit }) => truncated.push(limit) },
    })
    const text = await (await post({ mock: { tokens: 50, ttftMs: 0, tokenDelayMs: 0 } })).text()
    const deltas = [...text.matchAll(/^data: \{"text":(".*")\}$/gm)].map(
      (match) => JSON.parse(match[1] ?? '""') as string,
    )
    return { text, deltas, truncated }
  }

  it('ends a stream at the event limit with finish reason length', async () => {
    const { text, deltas, truncated } = await run({ maxEvents: 5 })
    expect(deltas).toHaveLength(5)
    expect(text).toContain('"finishReason":"length"')
    expect(truncated).toEqual(['events'])
  })

  it('ends a stream at the byte limit with finish reason length', async () => {
    const { text, deltas, truncated } = await run({ maxBytes: 40 })
    expect(new TextEncoder().encode(deltas.join('')).byteLength).toBeLessThanOrEqual(40)
    expect(deltas.length).toBeGreaterThan(0)
    expect(text).toContain('"finishReason":"length"')
    expect(truncated).toEqual(['bytes'])
  })
})

describe('message limits', () => {
  it.each<[string, object, string]>([
    ['too many messages', { messages: Array(3).fill({ role: 'user', content: 'a' }) }, 'messages'],
    [
      'a message too long',
      { messages: [{ role: 'user', content: 'abcdef' }] },
      'messages.0.content',
    ],
  ])('refuses %s with 422 naming the field', async (_, body, path) => {
    server = createSluiceServer({ limits: { maxMessages: 2, maxMessageChars: 5 } })
    const response = await post(body)
    expect(response.status).toBe(422)
    const { error } = (await response.json()) as { error: { issues: { path: string }[] } }
    expect(error.issues.map((issue) => issue.path)).toContain(path)
  })
})
