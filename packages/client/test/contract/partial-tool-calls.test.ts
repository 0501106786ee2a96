import { isDeepStrictEqual } from 'node:util'
import { mockToolCalls } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PartialToolCall, SluiceStream } from '../../src/index.js'
import { expectGrowsInto } from '../unit/json/consistency.js'
import {
  clientFor,
  cuttingClient,
  failureOf,
  request,
  startTestServer,
  type TestServer,
} from './helpers.js'

// Two calls whose arguments arrive in many small deltas, after a little text.
const scenario = { seed: 23, tokens: 6, toolCalls: 2, ttftMs: 0, tokenDelayMs: 1 }
const expectedCalls = mockToolCalls(scenario).map(({ toolCallId, name, argsText }) => ({
  toolCallId,
  name,
  args: JSON.parse(argsText),
}))
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs: 1_000 })
})
afterAll(() => server.close())

interface Read {
  event: SluiceEvent
  calls: PartialToolCall[]
}

/** Starts `scenario` and reads `partialToolCalls` right after every event has been applied. */
function readAfterEachEvent(start: (onEvent: (event: SluiceEvent) => void) => SluiceStream) {
  const reads: Read[] = []
  const stream = start((event) => reads.push({ event, calls: stream.partialToolCalls }))
  return { stream, reads }
}

/**
 * What the README promises of each read: the calls begun so far, in the order they began, with
 * their names, and arguments that only ever grow towards the final ones (from `from`, the calls
 * a resumed stream started with).
 */
function expectGrowingInOrder(reads: Read[], from: PartialToolCall[] = []) {
  const begun = from.map((call) => call.toolCallId)
  let previous = from
  for (const { event, calls } of reads) {
    if (event.type === 'tool-call-delta' && !begun.includes(event.data.toolCallId)) {
      begun.push(event.data.toolCallId)
    }
    expect(calls.map((call) => call.toolCallId)).toEqual(begun)
    calls.forEach((call, index) => {
      const expected = expectedCalls[index]
      expect(call.name).toBe(expected?.name)
      if (call.args !== undefined) expectGrowsInto(call.args, expected?.args)
      const before = previous[index]?.args
      if (before !== undefined) {
        expect(call.args).toBeDefined()
        expectGrowsInto(before, call.args as NonNullable<typeof call.args>)
      }
    })
    previous = calls
  }
}

const isHalfWay = (calls: PartialToolCall[]) =>
  calls.some(
    (call, index) =>
      call.args !== undefined && !isDeepStrictEqual(call.args, expectedCalls[index]?.args),
  )

describe('stream.partialToolCalls against the real server', () => {
  it('lists the calls begun so far, in order, their arguments parsed as far as they go', async () => {
    server.mock.resetStats()
    const { stream, reads } = readAfterEachEvent((onEvent) =>
      clientFor(server).start(request(scenario), { onEvent }),
    )
    expect(stream.partialToolCalls).toEqual([])
    const result = await stream.result

    const firstDelta = reads.findIndex(({ event }) => event.type === 'tool-call-delta')
    expect(firstDelta).toBeGreaterThan(1)
    expect(reads.slice(0, firstDelta).every(({ calls }) => calls.length === 0)).toBe(true)
    expectGrowingInOrder(reads)
    expect(reads.some(({ calls }) => isHalfWay(calls))).toBe(true)
    // `args` is undefined only while none of the call's argument text has come.
    const argsText = new Map<string, string>()
    for (const { event, calls } of reads) {
      if (event.type === 'tool-call-delta') {
        const { toolCallId, argsDelta } = event.data
        argsText.set(toolCallId, (argsText.get(toolCallId) ?? '') + argsDelta)
      }
      for (const call of calls) {
        const blank = (argsText.get(call.toolCallId) ?? '').trim() === ''
        expect(call.args === undefined).toBe(blank)
      }
    }

    // At the end: every call with its final arguments, as the result has them.
    expect(stream.partialToolCalls).toEqual(expectedCalls)
    expect(
      result.toolCalls.map(({ toolCallId, name, args }) => ({ toolCallId, name, args })),
    ).toEqual(expectedCalls)
    expect(server.mock.stats.calls).toBe(1)
  })

  it('is a new array on every read, which the caller may keep or change', async () => {
    const stream = clientFor(server).start(request(scenario))
    await stream.result
    const first = stream.partialToolCalls
    const second = stream.partialToolCalls
    expect(second).not.toBe(first)
    expect(second).toEqual(first)
    first.pop()
    ;(second[0] as PartialToolCall).name = 'changed'
    expect(stream.partialToolCalls).toEqual(expectedCalls)
  })

  it('keeps growing through a reconnect cut inside the first call’s arguments', async () => {
    server.mock.resetStats()
    const cutAt = await eventsBeforeThirdArgsDelta()
    const { client, requests } = cuttingClient(server, [cutAt])
    const { stream, reads } = readAfterEachEvent((onEvent) =>
      client.start(request(scenario), { onEvent }),
    )
    await stream.result

    expect(stream.metrics.reconnects).toBe(1)
    expect(requests.map((r) => r.method)).toEqual(['POST', 'GET'])
    expect(requests[1]?.headers['last-event-id']).toBe(String(cutAt))
    expectGrowingInOrder(reads)
    expect(reads.some(({ calls }) => isHalfWay(calls))).toBe(true)
    expect(stream.partialToolCalls).toEqual(expectedCalls)
  })

  it('starts a resumed stream with the tool calls given to resume(), parsed', async () => {
    server.mock.resetStats()
    let deltas = 0
    const first = clientFor(server).start(request(scenario), {
      onEvent: (event) => {
        if (event.type === 'tool-call-delta' && ++deltas === 3) first.abort()
      },
    })
    expect(await failureOf(first)).toMatchObject({ code: 'aborted' })
    const cursor = first.cursor
    if (!cursor) throw new Error('the stream was never named')
    const before = first.partialToolCalls
    expect(isHalfWay(before)).toBe(true)

    const { stream: resumed, reads } = readAfterEachEvent((onEvent) =>
      clientFor(server).resume(cursor, { text: first.text, toolCalls: first.toolCalls, onEvent }),
    )
    expect(resumed.partialToolCalls).toEqual(before)
    await resumed.result

    expect(reads[0]?.event.seq).toBe(cursor.lastSeq + 1)
    expectGrowingInOrder(reads, before)
    expect(resumed.partialToolCalls).toEqual(expectedCalls)
    expect(server.mock.stats.calls).toBe(1)
  })
})

/**
 * How many events of an uncut run come before the third argument delta of the first call: a cut
 * there falls inside its arguments.
 */
async function eventsBeforeThirdArgsDelta(): Promise<number> {
  const events: SluiceEvent[] = []
  await clientFor(server).start(request(scenario), { onEvent: (event) => events.push(event) })
    .result
  const id = expectedCalls[0]?.toolCallId
  const deltas = events.filter(
    (event) => event.type === 'tool-call-delta' && event.data.toolCallId === id,
  )
  return events.indexOf(deltas[2] as SluiceEvent)
}
