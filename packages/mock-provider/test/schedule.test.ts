import { describe, expect, it } from 'vitest'
import { createMockProvider, ManualClock, mockTokenSchedule } from '../src/index.js'

describe('mockTokenSchedule', () => {
  it('gives the virtual time at which the mock yields each text token', async () => {
    const scenario = { seed: 7, tokens: 12, ttftMs: 40, tokenDelayMs: 25 }
    const clock = new ManualClock()
    const provider = createMockProvider({ clock })
    const arrivals: number[] = []
    const reading = (async () => {
      const request = { model: 'mock-1', messages: [], providerOptions: { mock: scenario } }
      for await (const part of provider.stream(request, { signal: new AbortController().signal })) {
        if (part.type === 'text-delta') arrivals.push(clock.now())
      }
    })()
    await clock.runUntilIdle()
    await reading
    expect(arrivals).toEqual(mockTokenSchedule(scenario))
    expect(new Set(arrivals).size).toBe(scenario.tokens)
  })
})
