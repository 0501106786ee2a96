import { type MockOpenAIServer, startMockOpenAI } from '@sluice/mock-provider'
import { ProviderError, type ProviderErrorCode } from '@sluice/provider'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createOpenAIProvider } from '../src/index.js'
import { collect, scenarioRequest, TEST_API_KEY } from './helpers.js'

let upstream: MockOpenAIServer
beforeAll(async () => {
  upstream = await startMockOpenAI()
})
afterAll(() => upstream.close())

const provider = () =>
  createOpenAIProvider({ apiKey: TEST_API_KEY, baseURL: upstream.url, defaultModel: 'gpt-4o-mini' })

const fast = { tokens: 8, ttftMs: 0, tokenDelayMs: 0 }

const table: [string, Record<string, unknown>, ProviderErrorCode, boolean][] = [
  ['401', { ...fast, status: 401 }, 'auth', false],
  ['403', { ...fast, status: 403 }, 'auth', false],
  ['404 model', { ...fast, status: 404 }, 'bad-request', false],
  ['400', { ...fast, status: 400 }, 'bad-request', false],
  ['429', { ...fast, status: 429, retryAfter: 7 }, 'rate-limited', true],
  ['500', { ...fast, status: 500 }, 'upstream-error', true],
  ['503', { ...fast, status: 503 }, 'overloaded', true],
  ['dropped connection mid-stream', { ...fast, failAt: 4 }, 'upstream-error', true],
  [
    'error event mid-stream',
    { ...fast, failAt: 4, failWith: 'error-event' },
    'upstream-error',
    true,
  ],
]

describe('OpenAI errors', () => {
  it.each(table)('maps %s to a typed ProviderError', async (_, mock, code, retryable) => {
    const { parts, error } = await collect(provider(), scenarioRequest(mock, 'gpt-nope'))
    expect(ProviderError.is(error)).toBe(true)
    expect(error).toMatchObject({ code, retryable })
    expect(parts.some((part) => part.type === 'finish')).toBe(false)
    // The mock's 401 echoes the whole key back: the adapter must not pass it on.
    const { message, cause } = error as ProviderError
    expect(message).not.toContain(TEST_API_KEY)
    expect(String(cause)).not.toContain(TEST_API_KEY)
    expect(JSON.stringify(error)).not.toContain(TEST_API_KEY)
  })

  it('says which model was not found', async () => {
    const { error } = await collect(
      provider(),
      scenarioRequest({ ...fast, status: 404 }, 'gpt-nope'),
    )
    expect((error as Error).message).toMatch(/model "gpt-nope" was not found/)
  })

  it('takes retryAfterMs from the 429 retry-after header', async () => {
    const { error } = await collect(
      provider(),
      scenarioRequest({ ...fast, status: 429, retryAfter: 7 }),
    )
    expect(error).toMatchObject({ retryAfterMs: 7000 })
  })

  it('keeps the output before a mid-stream drop', async () => {
    const { parts } = await collect(provider(), scenarioRequest({ ...fast, failAt: 4 }))
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(4)
  })

  it('makes a refused connection a retryable upstream-error', async () => {
    const closed = await startMockOpenAI()
    await closed.close()
    const unreachable = createOpenAIProvider({
      apiKey: TEST_API_KEY,
      baseURL: closed.url,
      defaultModel: 'm',
    })
    const { error } = await collect(unreachable, scenarioRequest(fast))
    expect(error).toMatchObject({ code: 'upstream-error', retryable: true })
  })

  it('never retries inside the SDK: one upstream request per failed call', async () => {
    const before = upstream.requests.length
    await collect(provider(), scenarioRequest({ ...fast, status: 500 }))
    expect(upstream.requests.length - before).toBe(1)
  })
})

describe('OpenAI abort', () => {
  it('closes the upstream connection and rejects with the signal’s reason', async () => {
    const aborter = new AbortController()
    const reason = new Error('stop')
    const before = upstream.connectionsClosed
    const stream = provider().stream(
      scenarioRequest({ tokens: 2000, ttftMs: 0, tokenDelayMs: 2 }),
      {
        signal: aborter.signal,
      },
    )
    const reading = (async () => {
      for await (const part of stream) if (part.type === 'text-delta') aborter.abort(reason)
    })()
    await expect(reading).rejects.toBe(reason)
    await vi.waitFor(() => expect(upstream.connectionsClosed).toBe(before + 1))
    expect(upstream.requests.at(-1)?.closedEarly).toBe(true)
  })

  it('sends the request the adapter promises', async () => {
    await collect(provider(), {
      ...scenarioRequest(fast),
      maxTokens: 5,
      responseFormat: { type: 'json' },
    })
    expect(upstream.requests.at(-1)?.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 5,
      response_format: { type: 'json_object' },
    })
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`)
  })
})
