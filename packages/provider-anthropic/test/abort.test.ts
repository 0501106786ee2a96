import { type MockAnthropic, startMockAnthropic } from '@sluice/mock-provider'
import type { ProviderPart } from '@sluice/provider'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAnthropicProvider } from '../src/index.js'
import { API_KEY, scenarioRequest } from './helpers.js'

let upstream: MockAnthropic
beforeEach(async () => {
  upstream = await startMockAnthropic()
})
afterEach(() => upstream.close())

const long = scenarioRequest({ tokens: 5000, ttftMs: 0, tokenDelayMs: 5 })
const provider = () =>
  createAnthropicProvider({ apiKey: API_KEY, baseURL: upstream.url, defaultModel: 'claude-test-1' })

describe('cancellation reaches the vendor', () => {
  it('aborting the signal mid-stream closes the upstream connection', async () => {
    const aborter = new AbortController()
    const reason = new Error('reader left')
    const parts: ProviderPart[] = []
    const reading = (async () => {
      for await (const part of provider().stream(long, { signal: aborter.signal })) {
        parts.push(part)
        if (parts.length === 3) aborter.abort(reason)
      }
    })()
    await expect(reading).rejects.toBe(reason)
    await upstream.whenConnectionsClosed(1)
    expect(upstream.requests[0]?.closedEarly).toBe(true)
  })

  it('a consumer that stops iterating (return()) closes the upstream connection', async () => {
    const stream = provider().stream(long, { signal: new AbortController().signal })
    for await (const part of stream) {
      if (part.type === 'text-delta') break
    }
    await upstream.whenConnectionsClosed(1)
    expect(upstream.connectionsClosed).toBe(1)
  })

  it('an already aborted signal sends no request', async () => {
    const aborter = new AbortController()
    aborter.abort(new Error('too late'))
    const iterator = provider().stream(long, { signal: aborter.signal })[Symbol.asyncIterator]()
    await expect(iterator.next()).rejects.toThrow('too late')
    expect(upstream.requests).toHaveLength(0)
  })

  it('aborting while waiting for the first token also rejects with the reason', async () => {
    const aborter = new AbortController()
    const slow = scenarioRequest({ tokens: 5, ttftMs: 10_000, tokenDelayMs: 0 })
    const iterator = provider().stream(slow, { signal: aborter.signal })[Symbol.asyncIterator]()
    const next = iterator.next()
    const reason = new Error('cancelled early')
    // Once the upstream has the request, it is waiting out its 10 s before the first token.
    await vi.waitFor(() => expect(upstream.requests).toHaveLength(1))
    aborter.abort(reason)
    await expect(next).rejects.toBe(reason)
    await upstream.whenConnectionsClosed(1)
  })
})
