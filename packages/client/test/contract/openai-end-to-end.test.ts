import { mockText, startMockOpenAI } from '@sluice/mock-provider'
import { createOpenAIProvider } from '@sluice/provider-openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientFor, cuttingClient, failureOf, startTestServer, type TestServer } from './helpers.js'

const scenario = { seed: 31, tokens: 40, tokenDelayMs: 1 }
let upstream: Awaited<ReturnType<typeof startMockOpenAI>>
let server: TestServer

beforeAll(async () => {
  upstream = await startMockOpenAI({ port: 0 })
  const openai = createOpenAIProvider({
    apiKey: 'sk-test-key',
    baseURL: upstream.url,
    defaultModel: 'gpt-test',
  })
  server = await startTestServer({ providers: [openai] })
})
afterAll(async () => {
  await server.close()
  await upstream.close()
})

describe('client → reference server → OpenAI adapter → mock OpenAI endpoint', () => {
  it('survives a cut mid-stream: exact text, and the vendor is called once', async () => {
    const { client, requests } = cuttingClient(server, [12])
    // The mock upstream takes its scenario from a last user message that is `{"mock": …}`.
    const stream = client.start({
      messages: [{ role: 'user', content: JSON.stringify({ mock: scenario }) }],
    })
    const result = await stream.result

    expect(result.text).toBe(mockText({ ...scenario, json: false }))
    expect(result.finishReason).toBe('stop')
    expect(result.usage?.outputTokens).toBeGreaterThan(0)
    expect(requests.map((request) => request.method)).toEqual(['POST', 'GET'])
    expect(
      upstream.requests.filter((request) => request.path === '/v1/chat/completions'),
    ).toHaveLength(1)
  })

  it('turns a vendor 401 (whose body echoes the key) into a typed error event without the key', async () => {
    const events: unknown[] = []
    const stream = clientFor(server).start(
      {
        messages: [
          { role: 'user', content: JSON.stringify({ mock: { ...scenario, status: 401 } }) },
        ],
      },
      { onEvent: (event) => events.push(event) },
    )
    const error = await failureOf(stream)
    expect(error).toMatchObject({
      code: 'stream-error',
      streamCode: 'upstream-auth',
      retryable: false,
    })
    expect(events.map((event) => (event as { type: string }).type)).toEqual([
      'stream-start',
      'error',
    ])
    expect(JSON.stringify(events)).not.toContain('sk-test-key')
    expect(String((error as Error).message)).not.toContain('sk-test-key')
  })
})
