import { HEARTBEAT_FRAME } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { SluiceError } from '../../src/index.js'
import {
  ControlledBody,
  deferred,
  failureOf,
  frames,
  HEARTBEAT_MS,
  HELLO_CURSOR,
  HELLO_EVENTS,
  harness,
  helloRest,
  isStallTimer,
  MIN_STALL_MS,
  type Reply,
  STALL_MS,
  settle,
  sseResponse,
} from './helpers/harness.js'

/** An interval the server announces, shorter than the one test clients assume. */
const ANNOUNCED_MS = 400_000
const announcing = (ms: string) => ({ headers: { 'X-Heartbeat-Interval': ms } })

function resumeWith(replies: Reply[], options: Parameters<typeof harness>[1] = {}) {
  const h = harness(replies, options)
  const stream = h.client.resume(HELLO_CURSOR, { text: 'Hel' })
  /** The delay of the pending stall timer. */
  const stallTimeout = () => h.timers.pending.find(isStallTimer)?.ms
  return { ...h, stream, stallTimeout }
}

describe('SluiceStream: stalls at the assumed heartbeat interval', () => {
  it('no byte for 3 assumed heartbeat intervals aborts the connection and reconnects from the cursor', async () => {
    const body = new ControlledBody()
    const { stream, server, timers } = resumeWith([
      sseResponse(body.stream),
      sseResponse(frames(HELLO_EVENTS.slice(3))),
    ])
    const first = await server.request(1)
    body.write(...frames(HELLO_EVENTS.slice(2, 3)))
    await settle()
    expect(stream.text).toBe('Hello')
    await timers.advance(STALL_MS - 1)
    expect(first.signal?.aborted).toBe(false)
    await timers.advance(1)
    expect(first.signal?.aborted).toBe(true)
    expect(body.cancelled).toBe(true)
    const result = await stream.result
    expect(result.finishReason).toBe('stop')
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual(['2', '3'])
    expect(server.requests[1]?.signal?.aborted).toBe(false)
    expect(stream.metrics.reconnects).toBe(1)
  })

  it('heartbeat comments keep a quiet connection alive', async () => {
    const body = new ControlledBody()
    const { stream, server, timers } = resumeWith([sseResponse(body.stream)])
    const request = await server.request(1)
    for (let beat = 0; beat < 5; beat++) {
      await timers.advance(STALL_MS - 1)
      body.write(HEARTBEAT_FRAME)
      await settle()
    }
    expect(request.signal?.aborted).toBe(false)
    expect(stream.metrics.heartbeats).toBe(5)
    body.write(...frames(HELLO_EVENTS.slice(2)))
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.length).toBe(1)
  })

  it('fails with stalled once stalls exhaust maxAttempts', async () => {
    const bodies = [new ControlledBody(), new ControlledBody()]
    const { stream, server, timers } = resumeWith(
      bodies.map((body) => sseResponse(body.stream)),
      { retry: { maxAttempts: 1 } },
    )
    await server.request(1)
    await timers.advance(STALL_MS)
    await server.request(2)
    await timers.advance(STALL_MS)
    const error = await failureOf(stream)
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'stalled' })
    expect(server.requests.every((request) => request.signal?.aborted)).toBe(true)
  })

  it('chunks within one millisecond arm the stall timer once; a later chunk re-arms it from then', async () => {
    const body = new ControlledBody()
    const { stream, server, timers } = resumeWith([sseResponse(body.stream), helloRest()])
    const first = await server.request(1)
    const stallTimers = () => timers.requested.filter((ms) => ms >= MIN_STALL_MS).length
    await settle()
    const armed = stallTimers()
    for (let beat = 0; beat < 10; beat++) body.write(HEARTBEAT_FRAME)
    await settle()
    expect(stream.metrics.heartbeats).toBe(10)
    expect(stallTimers()).toBe(armed)
    await timers.advance(1000)
    body.write(HEARTBEAT_FRAME)
    await settle()
    expect(stallTimers()).toBe(armed + 1)
    // Exact: the stall comes 3 intervals after the last byte, not after the first of a burst.
    await timers.advance(STALL_MS - 1)
    expect(first.signal?.aborted).toBe(false)
    await timers.advance(1)
    expect(first.signal?.aborted).toBe(true)
    expect((await stream.result).text).toBe('Hello')
  })

  // Regression: the stall timer started only with the body, so a response whose headers never
  // came hung forever.
  it('no response headers for 3 heartbeat intervals aborts the request and reconnects', async () => {
    const never = deferred<Response>()
    const { stream, server, timers } = resumeWith([() => never.promise, helloRest()])
    const request = await server.request(1)
    try {
      await timers.advance(STALL_MS)
      expect(request.signal?.aborted).toBe(true)
      expect((await stream.result).text).toBe('Hello')
    } finally {
      stream.abort()
    }
  })
})

describe('SluiceStream: stalls at the announced heartbeat interval', () => {
  it('3 × the interval of X-Heartbeat-Interval without a byte reconnects', async () => {
    const body = new ControlledBody()
    const { stream, server, timers, stallTimeout } = resumeWith([
      sseResponse(body.stream, announcing(String(ANNOUNCED_MS))),
      helloRest(),
    ])
    const first = await server.request(1)
    await settle()
    // Armed before the request with the interval assumed, re-armed with the announced one.
    expect(timers.requested.filter((ms) => ms >= MIN_STALL_MS)).toEqual([
      STALL_MS,
      3 * ANNOUNCED_MS,
    ])
    expect(stallTimeout()).toBe(3 * ANNOUNCED_MS)
    await timers.advance(3 * ANNOUNCED_MS - 1)
    expect(first.signal?.aborted).toBe(false)
    await timers.advance(1)
    expect(first.signal?.aborted).toBe(true)
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual(['2', '2'])
  })

  it('heartbeats at the announced interval keep the connection alive far beyond it', async () => {
    const body = new ControlledBody()
    const { stream, server, timers } = resumeWith([
      sseResponse(body.stream, announcing(String(ANNOUNCED_MS))),
    ])
    const request = await server.request(1)
    for (let beat = 0; beat < 20; beat++) {
      await timers.advance(ANNOUNCED_MS)
      body.write(HEARTBEAT_FRAME)
    }
    await settle()
    expect(request.signal?.aborted).toBe(false)
    expect(stream.metrics.heartbeats).toBe(20)
    body.write(...frames(HELLO_EVENTS.slice(2)))
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.length).toBe(1)
  })

  it('the announced interval also times the next connections, before their headers come', async () => {
    const never = deferred<Response>()
    const { stream, server, timers, stallTimeout } = resumeWith([
      sseResponse([], announcing(String(ANNOUNCED_MS))),
      () => never.promise,
      helloRest(),
    ])
    const second = await server.request(2)
    expect(stallTimeout()).toBe(3 * ANNOUNCED_MS)
    await timers.advance(3 * ANNOUNCED_MS)
    expect(second.signal?.aborted).toBe(true)
    expect((await stream.result).text).toBe('Hello')
  })

  it('stallMultiplier scales the interval', async () => {
    const body = new ControlledBody()
    const { stream, server, timers } = resumeWith(
      [sseResponse(body.stream, announcing(String(ANNOUNCED_MS))), helloRest()],
      { stallMultiplier: 4.5 },
    )
    const first = await server.request(1)
    await timers.advance(4.5 * ANNOUNCED_MS - 1)
    expect(first.signal?.aborted).toBe(false)
    await timers.advance(1)
    expect(first.signal?.aborted).toBe(true)
    expect(await stream.result).toMatchObject({ text: 'Hello' })
  })

  it('the stalled error names the timeout', async () => {
    const { stream, server, timers } = resumeWith(
      [sseResponse(new ControlledBody().stream, announcing(String(ANNOUNCED_MS)))],
      { retry: { maxAttempts: 0 } },
    )
    await server.request(1)
    await timers.advance(3 * ANNOUNCED_MS)
    expect(await failureOf(stream)).toMatchObject({
      code: 'stalled',
      message: `No byte for ${3 * ANNOUNCED_MS} ms (3 heartbeat intervals)`,
    })
  })

  it.each(['0', '-400000', 'abc', '400000.5', '', '4e5', String(2 ** 53)])(
    'X-Heartbeat-Interval %j is ignored: the assumed interval stays',
    async (value) => {
      const { stream, server, stallTimeout } = resumeWith([
        sseResponse(new ControlledBody().stream, announcing(value)),
      ])
      await server.request(1)
      await settle()
      expect(stallTimeout()).toBe(3 * HEARTBEAT_MS)
      stream.abort()
    },
  )
})
