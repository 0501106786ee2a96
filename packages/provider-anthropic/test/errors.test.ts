import { inspect } from 'node:util'
import { type MockAnthropic, startMockAnthropic } from '@sluice/mock-provider'
import { ProviderError } from '@sluice/provider'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAnthropicProvider } from '../src/index.js'
import { FIXTURE_BASE_URL } from './fixture-server.js'
import { API_KEY, collect, scenarioRequest } from './helpers.js'

let upstream: MockAnthropic
beforeAll(async () => {
  upstream = await startMockAnthropic()
})
afterAll(() => upstream.close())

const provider = () =>
  createAnthropicProvider({ apiKey: API_KEY, baseURL: upstream.url, defaultModel: 'claude-test-1' })

async function failure(mock: Record<string, unknown>) {
  const fast = { ttftMs: 0, tokenDelayMs: 0, tokens: 8, ...mock }
  const { parts, error } = await collect(
    provider().stream(scenarioRequest(fast), { signal: new AbortController().signal }),
  )
  expect(parts.some((part) => part.type === 'finish')).toBe(false)
  expect(ProviderError.is(error)).toBe(true)
  return error as ProviderError
}

/** Whatever a logger or error reporter could print of the error, its cause included. */
const everything = (error: unknown) =>
  `${String(error)}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`

describe('upstream errors become typed ProviderErrors', () => {
  it.each([
    [{ status: 401 }, { code: 'auth', retryable: false }],
    [{ status: 403 }, { code: 'auth', retryable: false }],
    [{ status: 404 }, { code: 'bad-request', retryable: false }],
    [{ status: 400 }, { code: 'bad-request', retryable: false }],
    [
      { status: 429, retryAfterSeconds: 7 },
      { code: 'rate-limited', retryable: true, retryAfterMs: 7000 },
    ],
    [{ status: 429 }, { code: 'rate-limited', retryable: true, retryAfterMs: undefined }],
    [{ status: 529 }, { code: 'overloaded', retryable: true }],
    [{ status: 500 }, { code: 'upstream-error', retryable: true }],
    [{ failAt: 3 }, { code: 'overloaded', retryable: true }],
    [{ dropAt: 3 }, { code: 'upstream-error', retryable: true }],
  ])('%j → %j, without the API key anywhere', async (mock, expected) => {
    const error = await failure(mock)
    expect(error).toMatchObject(expected)
    expect(everything(error)).not.toContain(API_KEY)
  })

  it('names the unknown model in a 404', async () => {
    const error = await failure({ status: 404 })
    expect(error.message).toContain('claude-test-1')
  })

  it('sends the SDK no retries: one failed request is one upstream request', async () => {
    const before = upstream.requests.length
    await failure({ status: 529 })
    expect(upstream.requests.length - before).toBe(1)
  })

  it('a refused connection is a retryable upstream-error', async () => {
    const closed = await startMockAnthropic()
    await closed.close()
    const subject = createAnthropicProvider({
      apiKey: API_KEY,
      baseURL: closed.url,
      defaultModel: 'claude-test-1',
    })
    const { error } = await collect(
      subject.stream(scenarioRequest({}), { signal: new AbortController().signal }),
    )
    expect(error).toMatchObject({ code: 'upstream-error', retryable: true })
    expect(everything(error)).not.toContain(API_KEY)
  })
})

describe('the API key never leaks, even when an upstream echoes it', () => {
  const server = setupServer(
    http.post(`${FIXTURE_BASE_URL}/v1/messages`, ({ request }) =>
      HttpResponse.json(
        {
          type: 'error',
          error: {
            type: 'authentication_error',
            message: `invalid key ${request.headers.get('authorization')}`,
          },
        },
        { status: 401 },
      ),
    ),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())

  it('redacts the key from the message and drops a cause that holds it', async () => {
    const subject = createAnthropicProvider({
      apiKey: API_KEY,
      baseURL: FIXTURE_BASE_URL,
      defaultModel: 'claude-test-1',
    })
    const { error } = await collect(
      subject.stream(scenarioRequest({}), { signal: new AbortController().signal }),
    )
    expect(error).toMatchObject({ code: 'auth', retryable: false })
    expect((error as Error).message).toContain('[redacted]')
    expect(everything(error)).not.toContain(API_KEY)
  })
})
