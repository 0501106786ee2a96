import { describe, expect, it } from 'vitest'
import type { CreateStreamRequest, StreamSnapshot } from '../../src/index.js'
import {
  ControlledBody,
  frames,
  harness,
  REQUEST,
  settle,
  sseResponse,
  streamEnd,
  streamStart,
  textDelta,
  toolCallDelta,
} from './helpers/harness.js'

/** A stream whose response body the test writes, its headers naming the stream. */
function streamOnBody(request: CreateStreamRequest = REQUEST) {
  const body = new ControlledBody()
  const { client } = harness([sseResponse(body.stream, { streamHeaders: true })])
  return { body, stream: client.start(request) }
}

describe('SluiceStream: subscribe and getSnapshot', () => {
  it('returns the same snapshot until something changes, and tells subscribers of each change', async () => {
    const { body, stream } = streamOnBody()
    let notified = 0
    stream.subscribe(() => notified++)
    const initial = stream.getSnapshot()
    expect(initial).toMatchObject({
      status: 'connecting',
      text: '',
      toolCalls: [],
      json: undefined,
    })
    expect(stream.getSnapshot()).toBe(initial)

    body.write(...frames([streamStart(), textDelta(2, 'Hel')]))
    await settle()
    const partial = stream.getSnapshot()
    expect(partial).not.toBe(initial)
    expect(partial).toMatchObject({ status: 'streaming', text: 'Hel' })
    expect(stream.getSnapshot()).toBe(partial)
    // Status to streaming, then one change per event.
    expect(notified).toBe(3)

    body.write(...frames([textDelta(3, 'lo'), streamEnd(4)]))
    await stream.result
    const final = stream.getSnapshot()
    expect(final).toMatchObject({ status: 'done', text: 'Hello', error: undefined })
    expect(final.result).toMatchObject({ text: 'Hello', finishReason: 'stop' })
    expect(final.cursor).toMatchObject({ lastSeq: 4 })
  })

  it('a heartbeat makes a new snapshot with its count, though no event came', async () => {
    const { body, stream } = streamOnBody()
    body.write(...frames([streamStart()]))
    await settle()
    let notified = 0
    stream.subscribe(() => notified++)
    const before = stream.getSnapshot()

    body.write(': heartbeat\n\n')
    await settle()
    expect(notified).toBe(1)
    expect(stream.getSnapshot()).not.toBe(before)
    expect(stream.getSnapshot().metrics.heartbeats).toBe(before.metrics.heartbeats + 1)
  })

  it('keeps the tool calls array and unchanged JSON subtrees across snapshots', async () => {
    const { body, stream } = streamOnBody({ ...REQUEST, responseFormat: { type: 'json' } })
    body.write(
      ...frames([
        streamStart(),
        toolCallDelta(2, 'call_1', '{"city":"Oslo"}', 'weather'),
        textDelta(3, '{"a":{"b":1},"c":"x'),
      ]),
    )
    await settle()
    const first = stream.getSnapshot()
    body.write(...frames([textDelta(4, 'yz')]))
    await settle()
    const second = stream.getSnapshot()

    expect(second.toolCalls).toBe(first.toolCalls)
    expect(second.toolCalls).toEqual([
      { toolCallId: 'call_1', name: 'weather', args: { city: 'Oslo' } },
    ])
    expect(second.json?.value).toEqual({ a: { b: 1 }, c: 'xyz' })
    const value = (snapshot: StreamSnapshot) => snapshot.json?.value as { a: unknown }
    expect(value(second).a).toBe(value(first).a)
    expect(second.json?.isComplete(['a'])).toBe(true)
    expect(second.json?.isComplete(['c'])).toBe(false)
  })

  it('an aborted stream is an error that leaves the generation resumable', async () => {
    const { body, stream } = streamOnBody()
    body.write(...frames([streamStart()]))
    await settle()
    stream.abort()
    await stream.result.catch(() => {})
    expect(stream.getSnapshot()).toMatchObject({
      status: 'error',
      error: { code: 'aborted' },
      resumable: true,
    })
  })

  it('counts the events a reconnect delivers as replayed', async () => {
    const events = [streamStart(), textDelta(2, 'a'), textDelta(3, 'b'), streamEnd(4)]
    const { client } = harness([
      sseResponse(frames(events.slice(0, 2)), { streamHeaders: true }),
      sseResponse(frames(events.slice(1))),
    ])
    const stream = client.start(REQUEST)
    await stream.result
    expect(stream.getSnapshot().metrics).toMatchObject({
      reconnects: 1,
      replayedEvents: 2,
      duplicatesDropped: 1,
      eventsDelivered: 4,
    })
  })
})
