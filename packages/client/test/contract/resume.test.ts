import { mockText } from '@sluice/mock-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clientFor,
  collect,
  cuttingClient,
  expectContiguous,
  fastScenario,
  request,
  startTestServer,
  type TestServer,
} from './helpers.js'

const expectedText = mockText({ ...fastScenario, json: false })
/** stream-start, one event per token, stream-end. */
const totalEvents = fastScenario.tokens + 2
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs: 1_000 })
})
afterAll(() => server.close())

describe('the real client against the real server over loopback', () => {
  it('reads a whole stream: exact text, ids 1..N, usage, one upstream call', async () => {
    server.mock.resetStats()
    const stream = clientFor(server).start(request())
    const events = await collect(stream)
    const result = await stream.result

    expect(result.text).toBe(expectedText)
    expect(events).toHaveLength(totalEvents)
    expect(expectContiguous(events)).toBe(true)
    expect(events[0]?.type).toBe('stream-start')
    expect(events.at(-1)?.type).toBe('stream-end')
    expect(result.finishReason).toBe('stop')
    expect(result.usage?.outputTokens).toBe(fastScenario.tokens)
    expect(stream.metrics.reconnects).toBe(0)
    expect(server.mock.stats.calls).toBe(1)
  })

  // 0: before stream-start; 1: right after it; totalEvents - 1: after the last token.
  const cutPoints = [0, 1, 2, 3, 7, 20, totalEvents - 2, totalEvents - 1]
  it.each(cutPoints)('resumes a connection cut after %i events, byte-exact', async (k) => {
    server.mock.resetStats()
    const { client, requests } = cuttingClient(server, [k])
    const stream = client.start(request())
    const events = await collect(stream)
    const result = await stream.result

    expect(result.text).toBe(expectedText)
    expect(expectContiguous(events)).toBe(true)
    expect(events).toHaveLength(totalEvents)
    expect(stream.metrics.reconnects).toBe(1)
    expect(server.mock.stats.calls).toBe(1)
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET'])
    expect(requests[1]?.headers['last-event-id']).toBe(String(k))
  })

  it('survives a cut on every connection, each at a different point', async () => {
    server.mock.resetStats()
    const { client, requests } = cuttingClient(server, [3, 1, 5, 2, 9])
    const stream = client.start(request())
    const events = await collect(stream)

    expect((await stream.result).text).toBe(expectedText)
    expect(expectContiguous(events)).toBe(true)
    expect(stream.metrics.reconnects).toBe(5)
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1)
    expect(server.mock.stats.calls).toBe(1)
  })

  it('without the stream headers (CORS hides them), a cut before stream-start re-sends the POST with the same Idempotency-Key, and the model is still called once', async () => {
    server.mock.resetStats()
    const { client, requests } = cuttingClient(server, [0, 4], true)
    const stream = client.start(request())
    const events = await collect(stream)

    expect((await stream.result).text).toBe(expectedText)
    expect(expectContiguous(events)).toBe(true)
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET'])
    const keys = requests.slice(0, 2).map((r) => r.headers['idempotency-key'])
    expect(keys[0]).toBeTruthy()
    expect(keys[1]).toBe(keys[0])
    expect(server.mock.stats.calls).toBe(1)
  })

  it('resumes after a reload: a fresh client given only the stream id, token and last seq', async () => {
    server.mock.resetStats()
    const first = clientFor(server).start(request({ ...fastScenario, tokenDelayMs: 3 }))
    const seen: string[] = []
    for await (const event of first) {
      if (event.type === 'text-delta') seen.push(event.data.text)
      if (seen.length === 10) break
    }
    first.abort()
    const cursor = first.cursor
    expect(cursor?.lastSeq).toBe(11)
    const textBeforeReload = first.text

    // A new page: nothing survives but what the app persisted.
    const persisted = JSON.parse(JSON.stringify({ cursor, text: textBeforeReload }))
    const resumed = clientFor(server).resume(persisted.cursor, { text: persisted.text })
    const events = await collect(resumed)

    expect((await resumed.result).text).toBe(expectedText)
    expect(events[0]?.seq).toBe(12)
    expect(expectContiguous(events, 12)).toBe(true)
    expect(server.mock.stats.calls).toBe(1)
  })

  it('resumes a finished stream within the retention window and gets only the rest', async () => {
    const stream = clientFor(server).start(request())
    await stream.result
    const cursor = {
      ...(stream.cursor as NonNullable<typeof stream.cursor>),
      lastSeq: totalEvents - 3,
    }
    const rest = await collect(clientFor(server).resume(cursor))
    expect(rest.map((event) => event.seq)).toEqual([totalEvents - 2, totalEvents - 1, totalEvents])
  })
})
