import { ProviderError } from '@sluice/provider'
import { describe, expect, it } from 'vitest'
import { createMockProvider, ManualClock, mockText, mockTokens, systemClock } from '../src/index.js'
import { consume, mockRequest, type Run, runInVirtualTime, textOf } from './helpers/run.js'

function setup() {
  const clock = new ManualClock()
  return { clock, provider: createMockProvider({ clock }) }
}

const arrivalTimes = (run: Run) => run.parts.map(({ at }) => at)

describe('createMockProvider', () => {
  it('identifies itself as the v1 mock', () => {
    const provider = createMockProvider()
    expect(provider).toMatchObject({
      specificationVersion: 'v1',
      id: 'mock',
      defaultModel: 'mock-1',
    })
  })

  it('streams the scenario text, then finishes with usage', async () => {
    const { clock, provider } = setup()
    const request = mockRequest(
      { tokens: 20 },
      {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi!' },
        ],
      },
    )
    const run = await runInVirtualTime(provider, clock, request)
    expect(run.error).toBeUndefined()
    expect(textOf(run)).toEqual(mockTokens({ seed: 1, tokens: 20, json: false }))
    expect(run.parts.at(-1)?.part).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 3, outputTokens: 20 },
    })
  })

  it('uses every default without a scenario', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(provider, clock, { model: 'mock-1', messages: [] })
    expect(textOf(run).join('')).toBe(mockText({ seed: 1, tokens: 64, json: false }))
  })

  it('streams the JSON document when the request asks for JSON', async () => {
    const { clock, provider } = setup()
    const request = mockRequest({ tokens: 30 }, { responseFormat: { type: 'json' } })
    const run = await runInVirtualTime(provider, clock, request)
    expect(textOf(run)).toEqual(mockTokens({ seed: 1, tokens: 30, json: true }))
    expect(() => JSON.parse(textOf(run).join(''))).not.toThrow()
  })

  it('runs on the system clock by default', async () => {
    const provider = createMockProvider()
    const signal = new AbortController().signal
    const request = mockRequest({ tokens: 5, ttftMs: 0, tokenDelayMs: 0 })
    const run = await consume(provider.stream(request, { signal }), systemClock)
    expect(textOf(run)).toEqual(mockTokens({ seed: 1, tokens: 5, json: false }))
  })
})

describe('mock timings', () => {
  it('repeats the same timings for the same seed and varies them for another', async () => {
    const times = async (seed: number) => {
      const { clock, provider } = setup()
      return arrivalTimes(await runInVirtualTime(provider, clock, mockRequest({ seed })))
    }
    const first = await times(5)
    expect(await times(5)).toEqual(first)
    expect(await times(6)).not.toEqual(first)
  })

  it('waits the jittered time to first token, then nothing between zero-delay tokens', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(
      provider,
      clock,
      mockRequest({ tokens: 10, ttftMs: 100, tokenDelayMs: 0 }),
    )
    const [first, ...rest] = arrivalTimes(run)
    expect(first).toBeGreaterThanOrEqual(50)
    expect(first).toBeLessThanOrEqual(150)
    expect(new Set(rest)).toEqual(new Set([first]))
  })

  it('spaces tokens by the jittered delay and finishes with the last token', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(
      provider,
      clock,
      mockRequest({ ttftMs: 0, tokenDelayMs: 10 }),
    )
    const times = arrivalTimes(run)
    expect(times[0]).toBe(0)
    const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0))
    const tokenGaps = gaps.slice(0, -1)
    expect(Math.min(...tokenGaps)).toBeGreaterThanOrEqual(5)
    expect(Math.max(...tokenGaps)).toBeLessThanOrEqual(15)
    expect(new Set(tokenGaps).size).toBeGreaterThan(1)
    expect(gaps.at(-1)).toBe(0)
  })

  it('adds exactly stallMs from the stall on, and changes nothing else', async () => {
    const plain = setup()
    const stalled = setup()
    const before = await runInVirtualTime(plain.provider, plain.clock, mockRequest({ tokens: 12 }))
    const after = await runInVirtualTime(
      stalled.provider,
      stalled.clock,
      mockRequest({ tokens: 12, stallAt: 4, stallMs: 5000 }),
    )
    expect(after.parts.map(({ part }) => part)).toEqual(before.parts.map(({ part }) => part))
    const shift = arrivalTimes(after).map((time, i) => time - (arrivalTimes(before)[i] ?? 0))
    expect(shift).toEqual([0, 0, 0, 0, ...Array<number>(9).fill(5000)])
  })

  it('stalls before the finish when stallAt is the token count', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(
      provider,
      clock,
      mockRequest({ tokens: 3, ttftMs: 0, tokenDelayMs: 0, stallAt: 3, stallMs: 700 }),
    )
    expect(arrivalTimes(run)).toEqual([0, 0, 0, 700])
  })
})

describe('mock faults', () => {
  it.each([0, 1, 32, 64])(
    'fails after exactly %i tokens with a retryable upstream error',
    async (failAt) => {
      const { clock, provider } = setup()
      const run = await runInVirtualTime(provider, clock, mockRequest({ failAt }))
      expect(run.parts.map(({ part }) => part.type)).toEqual(Array(failAt).fill('text-delta'))
      expect(ProviderError.is(run.error)).toBe(true)
      expect(run.error).toMatchObject({
        code: 'upstream-error',
        retryable: true,
        message: `mock upstream failed after ${failAt} tokens`,
      })
    },
  )

  it('stalls before it fails at the same token', async () => {
    const { clock, provider } = setup()
    const request = mockRequest({ ttftMs: 0, tokens: 2, failAt: 0, stallAt: 0, stallMs: 250 })
    const run = await runInVirtualTime(provider, clock, request)
    expect(run.error).toMatchObject({ code: 'upstream-error' })
    expect(clock.now()).toBe(250)
  })

  it('stops at maxTokens with finish reason length', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(
      provider,
      clock,
      mockRequest({ tokens: 10 }, { maxTokens: 4 }),
    )
    expect(textOf(run)).toEqual(mockTokens({ seed: 1, tokens: 10, json: false }).slice(0, 4))
    expect(run.parts.at(-1)?.part).toMatchObject({
      finishReason: 'length',
      usage: { outputTokens: 4 },
    })
  })

  it('finishes with stop when maxTokens is the token count', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(
      provider,
      clock,
      mockRequest({ tokens: 4 }, { maxTokens: 4 }),
    )
    expect(run.parts.at(-1)?.part).toMatchObject({ finishReason: 'stop' })
  })

  it.each([0, -1, 1.5])('rejects maxTokens %d as a bad request', async (maxTokens) => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(provider, clock, mockRequest({}, { maxTokens }))
    expect(run.error).toMatchObject({ code: 'bad-request' })
  })

  it('rejects an invalid scenario as a bad request, before any part', async () => {
    const { clock, provider } = setup()
    const run = await runInVirtualTime(provider, clock, mockRequest({ tokens: -1 }))
    expect(run.parts).toEqual([])
    expect(run.error).toMatchObject({ code: 'bad-request' })
    expect(provider.stats).toMatchObject({ calls: 1, failed: 1 })
  })
})

describe('cancellation', () => {
  it('rejects with the reason when the signal aborts during a sleep', async () => {
    const { clock, provider } = setup()
    const controller = new AbortController()
    const reason = new Error('client stopped')
    const running = consume(provider.stream(mockRequest(), { signal: controller.signal }), clock)
    await clock.advance(100)
    controller.abort(reason)
    const run = await running
    expect(run.error).toBe(reason)
    expect(run.parts.length).toBeGreaterThan(0)
    expect(run.parts.length).toBeLessThan(64)
    expect(clock.pendingTimers).toBe(0)
    expect(provider.stats).toEqual({ calls: 1, cancellations: 1, completed: 0, failed: 0 })
  })

  it('rejects with the reason when the signal aborts between parts', async () => {
    const { clock, provider } = setup()
    const controller = new AbortController()
    const reason = new Error('client stopped')
    const stream = provider.stream(mockRequest(), { signal: controller.signal })
    const running = consume(stream, clock, (parts) => {
      if (parts.length === 5) controller.abort(reason)
    })
    await clock.runUntilIdle()
    const run = await running
    expect(run.error).toBe(reason)
    expect(run.parts).toHaveLength(5)
    expect(provider.stats).toEqual({ calls: 1, cancellations: 1, completed: 0, failed: 0 })
  })

  it('counts a consumer that aborts, then stops iterating, as one cancellation', async () => {
    const { clock, provider } = setup()
    const controller = new AbortController()
    const running = (async () => {
      for await (const _ of provider.stream(mockRequest(), { signal: controller.signal })) {
        controller.abort()
        break
      }
    })()
    await clock.runUntilIdle()
    await running
    expect(provider.stats).toEqual({ calls: 1, cancellations: 1, completed: 0, failed: 0 })
  })

  it('does not count a consumer that stops iterating without aborting', async () => {
    const { clock, provider } = setup()
    const signal = new AbortController().signal
    const running = (async () => {
      for await (const _ of provider.stream(mockRequest(), { signal })) break
    })()
    await clock.runUntilIdle()
    await running
    expect(provider.stats).toEqual({ calls: 1, cancellations: 0, completed: 0, failed: 0 })
  })

  it('rejects at once when the signal is already aborted', async () => {
    const { clock, provider } = setup()
    const reason = new Error('too late')
    const run = await runInVirtualTime(provider, clock, mockRequest(), AbortSignal.abort(reason))
    expect(run).toEqual({ parts: [], error: reason })
    expect(provider.stats).toEqual({ calls: 1, cancellations: 1, completed: 0, failed: 0 })
  })
})

describe('stats', () => {
  it('counts calls and outcomes until reset, as snapshots', async () => {
    const { clock, provider } = setup()
    const before = provider.stats
    await runInVirtualTime(provider, clock, mockRequest({ tokens: 2 }))
    await runInVirtualTime(provider, clock, mockRequest({ tokens: 2 }))
    await runInVirtualTime(provider, clock, mockRequest({ tokens: 2, failAt: 1 }))
    expect(before).toEqual({ calls: 0, cancellations: 0, completed: 0, failed: 0 })
    expect(provider.stats).toEqual({ calls: 3, cancellations: 0, completed: 2, failed: 1 })
    provider.resetStats()
    expect(provider.stats).toEqual({ calls: 0, cancellations: 0, completed: 0, failed: 0 })
  })

  it('counts a call when iteration starts, not when the stream is created', () => {
    const { provider } = setup()
    provider.stream(mockRequest(), { signal: new AbortController().signal })
    expect(provider.stats.calls).toBe(0)
  })
})
