import { mockText, mockToolCalls } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clientFor,
  collect,
  cuttingClient,
  expectContiguous,
  request,
  startTestServer,
  type TestServer,
} from './helpers.js'

const scenario = { seed: 17, tokens: 8, toolCalls: 2, ttftMs: 0, tokenDelayMs: 1 }
const expectedText = mockText({ ...scenario, json: false })
const expectedCalls = mockToolCalls(scenario).map((call) => ({
  ...call,
  args: JSON.parse(call.argsText),
}))

let server: TestServer
/** The events of an uncut run, to place the cuts. */
let reference: SluiceEvent[]

const isToolDelta = (event: SluiceEvent) => event.type === 'tool-call-delta'
/** How many events come before the `n`-th tool-call delta of call `index`. */
function eventsBefore(index: number, n = 0): number {
  const id = expectedCalls[index]?.toolCallId
  const first = reference.findIndex((event) => isToolDelta(event) && event.data.toolCallId === id)
  return first + n
}

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs: 1_000 })
  reference = await collect(clientFor(server).start(request(scenario)))
})
afterAll(() => server.close())

describe('tool calls from the real server, through the real client', () => {
  it('assembles both calls, in order, and finishes with tool-calls', async () => {
    server.mock.resetStats()
    const stream = clientFor(server).start(request(scenario))
    const events = await collect(stream)
    const result = await stream.result

    expect(expectContiguous(events)).toBe(true)
    expect(events.map((event) => event.type)).toEqual(reference.map((event) => event.type))
    expect(events.filter(isToolDelta).length).toBeGreaterThan(2 * 3)
    expect(result.text).toBe(expectedText)
    expect(result.finishReason).toBe('tool-calls')
    expect(result.toolCalls).toEqual(expectedCalls)
    expect(server.mock.stats.calls).toBe(1)
  })

  const cuts: [string, () => number][] = [
    ['right after the delta that names the first tool', () => eventsBefore(0, 1)],
    ['inside the first call’s arguments', () => eventsBefore(0, 3)],
    ['between the two calls', () => eventsBefore(1)],
    ['inside the second call’s arguments', () => eventsBefore(1, 2)],
    ['after the last argument delta', () => reference.length - 1],
  ]
  it.each(cuts)('resumes a connection cut %s, byte-exact', async (_, cutAt) => {
    server.mock.resetStats()
    const k = cutAt()
    const { client, requests } = cuttingClient(server, [k])
    const stream = client.start(request(scenario))
    const events = await collect(stream)
    const result = await stream.result

    expect(expectContiguous(events)).toBe(true)
    expect(events).toHaveLength(reference.length)
    expect(stream.metrics.reconnects).toBe(1)
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET'])
    expect(requests[1]?.headers['last-event-id']).toBe(String(k))
    expect(result.text).toBe(expectedText)
    expect(result.finishReason).toBe('tool-calls')
    expect(result.toolCalls).toEqual(expectedCalls)
    expect(server.mock.stats.calls).toBe(1)
  })
})
