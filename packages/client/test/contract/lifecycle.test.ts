import { mockText, mockTokens } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SluiceError, SluiceStreamError } from '../../src/index.js'
import {
  clientFor,
  expectContiguous,
  failureOf,
  request,
  startTestServer,
  type TestServer,
} from './helpers.js'

const heartbeatMs = 20
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs })
})
afterAll(() => server.close())

describe('stream lifecycle against the real server', () => {
  it('a for await begun after the end yields every event equal to what onEvent got', async () => {
    const scenario = { seed: 5, tokens: 400, ttftMs: 0, tokenDelayMs: 0 }
    const tokens = mockTokens({ ...scenario, json: false })
    // Both kinds of text delta on the wire: plain ones, and ones whose JSON has escapes.
    expect(tokens.some((token) => JSON.stringify(token) === `"${token}"`)).toBe(true)
    expect(tokens.some((token) => JSON.stringify(token) !== `"${token}"`)).toBe(true)
    const delivered: SluiceEvent[] = []
    const stream = clientFor(server).start(request(scenario), {
      onEvent: (event) => delivered.push(event),
    })
    const result = await stream.result
    const iterated: SluiceEvent[] = []
    for await (const event of stream) iterated.push(event)

    expect(iterated).toStrictEqual(delivered)
    expect(iterated.flatMap((e) => (e.type === 'text-delta' ? [e.data.text] : []))).toEqual(tokens)
    expect(result.text).toBe(tokens.join(''))
    for (const i of [0, iterated.length - 1]) expect(iterated[i]?.data).toBe(delivered[i]?.data)
  })

  it('cancel() stops the generation: the provider sees its signal abort, the stream ends cancelled', async () => {
    server.mock.resetStats()
    const scenario = { seed: 3, tokens: 5_000, ttftMs: 0, tokenDelayMs: 2 }
    const stream = clientFor(server).start(request(scenario))
    let cancelled: Promise<void> | undefined
    const events = []
    for await (const event of stream) {
      events.push(event)
      if (event.seq === 5) cancelled = stream.cancel()
    }
    await cancelled
    const result = await stream.result

    expect(result.finishReason).toBe('cancelled')
    expect(events.at(-1)?.type).toBe('stream-end')
    expect(expectContiguous(events)).toBe(true)
    expect(result.text.length).toBeLessThan(mockText({ ...scenario, json: false }).length)
    expect(server.mock.stats).toMatchObject({ calls: 1, cancellations: 1, completed: 0 })
  })

  it('abort() stops reading but not the generation', async () => {
    server.mock.resetStats()
    const stream = clientFor(server).start(
      request({ seed: 4, tokens: 30, ttftMs: 0, tokenDelayMs: 2 }),
    )
    const reading = (async () => {
      for await (const event of stream) if (event.seq === 3) stream.abort()
    })()
    // Like fetch, an aborted read rejects, for the iterator and the result alike.
    await expect(reading).rejects.toMatchObject({ code: 'aborted' })
    await expect(stream.result).rejects.toMatchObject({ code: 'aborted' })
    expect(stream.metrics.eventsDelivered).toBe(3)
    await server.service.idle()
    expect(server.mock.stats).toMatchObject({ calls: 1, cancellations: 0, completed: 1 })
  })

  it.each([0, 6])(
    'an upstream failure at token %i surfaces as a typed error after the tokens before it',
    async (failAt) => {
      server.mock.resetStats()
      const scenario = { seed: 5, tokens: 20, ttftMs: 0, tokenDelayMs: 0, failAt }
      const stream = clientFor(server).start(request(scenario))
      const error = await failureOf(stream)

      expect(error).toBeInstanceOf(SluiceStreamError)
      expect(SluiceError.is(error)).toBe(true)
      expect(error).toMatchObject({
        code: 'stream-error',
        streamCode: 'upstream-error',
        retryable: true,
      })
      const tokens = mockTokens({ ...scenario, json: false })
      expect(stream.text).toBe(tokens.slice(0, failAt).join(''))
      expect(stream.status).toBe('error')
      expect(server.mock.stats.calls).toBe(1)
    },
  )

  it('a stall longer than the stall timeout, filled with heartbeats, completes without a reconnect', async () => {
    server.mock.resetStats()
    const scenario = {
      seed: 6,
      tokens: 12,
      ttftMs: 0,
      tokenDelayMs: 0,
      stallAt: 4,
      stallMs: heartbeatMs * 8,
    }
    const beats: number[] = []
    // The client assumes a heartbeat far longer than the server's, and learns the real one from
    // X-Heartbeat-Interval: 4 × 20 ms of silence would be a stall, and the stall lasts 160 ms.
    const stream = clientFor(server, { heartbeatMs: 60_000, stallMultiplier: 4 }).start(
      request(scenario),
      { onEvent: () => beats.push(stream.metrics.heartbeats) },
    )
    const result = await stream.result

    expect(result.text).toBe(mockText({ ...scenario, json: false }))
    // Heartbeats arrived during the stall: between token 4 (seq 5) and token 5 (seq 6).
    expect((beats[5] ?? 0) - (beats[4] ?? 0)).toBeGreaterThanOrEqual(2)
    // They kept the stall detector quiet: no reconnect was needed.
    expect(stream.metrics.reconnects).toBe(0)
    expect(server.mock.stats.calls).toBe(1)
  })
})
