import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MockAnthropic, startMockAnthropic } from '../../src/upstreams/anthropic.js'
import { mockAnthropicHandlers, mockOpenAIHandlers } from '../../src/upstreams/msw-handlers.js'
import { type MockOpenAIServer, startMockOpenAI } from '../../src/upstreams/openai.js'
import { postOpenAIChat } from './openai-request.js'

const OPENAI = 'https://api.openai.com'
const ANTHROPIC = 'https://api.anthropic.com'
const CUSTOM = 'http://gateway.test/proxy'

const msw = setupServer(
  ...mockOpenAIHandlers(),
  ...mockAnthropicHandlers(),
  ...mockOpenAIHandlers({ baseUrl: `${CUSTOM}/` }),
)
let openai: MockOpenAIServer
let anthropic: MockAnthropic

beforeAll(async () => {
  openai = await startMockOpenAI()
  anthropic = await startMockAnthropic()
  // The real HTTP mocks on 127.0.0.1 are reached through msw untouched.
  msw.listen({ onUnhandledRequest: 'bypass' })
})
afterAll(async () => {
  msw.close()
  await Promise.all([openai.close(), anthropic.close()])
})

const fast = { ttftMs: 0, tokenDelayMs: 0 }

interface Answer {
  status: number
  contentType: string | null
  retryAfter: string | null
  text: string
}

async function answer(response: Response): Promise<Answer> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  }
}

function postOpenAI(base: string, mock: Record<string, unknown>, extra = {}) {
  return postOpenAIChat(base, mock, extra).then(answer)
}

function postAnthropic(base: string, mock: Record<string, unknown>) {
  return fetch(`${base}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-key' },
    body: JSON.stringify({
      model: 'claude-test-1',
      max_tokens: 1024,
      stream: true,
      messages: [{ role: 'user', content: JSON.stringify({ mock }) }],
    }),
  }).then(answer)
}

describe('mockOpenAIHandlers', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>?][] = [
    ['text', { ...fast, seed: 7, tokens: 24 }],
    ['tool calls', { ...fast, seed: 11, tokens: 5, toolCalls: 2 }],
    ['JSON output', { ...fast, seed: 3, tokens: 12 }, { response_format: { type: 'json_object' } }],
    ['max_tokens cut', { ...fast, seed: 5, tokens: 30 }, { max_tokens: 4 }],
    [
      'mid-stream error event',
      { ...fast, seed: 9, tokens: 10, failAt: 4, failWith: 'error-event' },
    ],
    ['paced tokens', { ttftMs: 5, tokenDelayMs: 2, seed: 2, tokens: 6 }],
  ]
  it.each(cases)('streams the same bytes as the HTTP mock: %s', async (_name, mock, extra) => {
    const [viaMsw, viaHttp] = await Promise.all([
      postOpenAI(`${OPENAI}/v1`, mock, extra),
      postOpenAI(openai.url, mock, extra),
    ])
    expect(viaMsw.status).toBe(200)
    expect(viaMsw.contentType).toBe('text/event-stream; charset=utf-8')
    expect(viaMsw.text.endsWith('\n\n')).toBe(true)
    expect(viaMsw).toEqual(viaHttp)
  })

  it('answers HTTP faults with the same status, headers and JSON body', async () => {
    for (const status of [401, 404, 429, 500, 503]) {
      const mock = { status, retryAfter: 7 }
      const [viaMsw, viaHttp] = await Promise.all([
        postOpenAI(`${OPENAI}/v1`, mock),
        postOpenAI(openai.url, mock),
      ])
      expect(viaMsw.status).toBe(status)
      expect(viaMsw).toEqual(viaHttp)
      expect(JSON.parse(viaMsw.text)).toHaveProperty('error.type')
    }
  })

  it('serves a custom base URL', async () => {
    const mock = { ...fast, seed: 4, tokens: 8 }
    const [viaMsw, viaHttp] = await Promise.all([
      postOpenAI(`${CUSTOM}/v1`, mock),
      postOpenAI(openai.url, mock),
    ])
    expect(viaMsw).toEqual(viaHttp)
  })

  it('fails the body where the HTTP mock drops its connection', async () => {
    const response = await fetch(`${OPENAI}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: JSON.stringify({ mock: { ...fast, failAt: 2 } }) }],
      }),
    })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
  })
})

describe('mockAnthropicHandlers', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['text', { ...fast, seed: 7, tokens: 24 }],
    ['tool use', { ...fast, seed: 11, tokens: 5, toolCalls: 2 }],
    ['overloaded_error in the stream', { ...fast, seed: 9, tokens: 10, failAt: 4 }],
    ['paced tokens', { ttftMs: 5, tokenDelayMs: 2, seed: 2, tokens: 6 }],
  ]
  it.each(cases)('streams the same bytes as the HTTP mock: %s', async (_name, mock) => {
    const [viaMsw, viaHttp] = await Promise.all([
      postAnthropic(`${ANTHROPIC}/v1`, mock),
      postAnthropic(`${anthropic.url}/v1`, mock),
    ])
    expect(viaMsw.status).toBe(200)
    expect(viaMsw.contentType).toBe('text/event-stream; charset=utf-8')
    expect(viaMsw.text.startsWith('event: message_start\n')).toBe(true)
    expect(viaMsw).toEqual(viaHttp)
  })

  it('answers HTTP faults with the same status, headers and JSON body', async () => {
    for (const status of [401, 404, 429, 529]) {
      const mock = { status, retryAfterSeconds: 3 }
      const [viaMsw, viaHttp] = await Promise.all([
        postAnthropic(`${ANTHROPIC}/v1`, mock),
        postAnthropic(`${anthropic.url}/v1`, mock),
      ])
      expect(viaMsw.status).toBe(status)
      // Only the request id, fresh for every answer, may differ.
      const { request_id: mswId, ...mswBody } = JSON.parse(viaMsw.text)
      const { request_id: httpId, ...httpBody } = JSON.parse(viaHttp.text)
      expect(mswId).toMatch(/^req_mock_/)
      expect(httpId).toMatch(/^req_mock_/)
      expect(mswBody).toEqual(httpBody)
      expect({ ...viaMsw, text: '' }).toEqual({ ...viaHttp, text: '' })
    }
  })

  it('fails the body where the HTTP mock drops its connection', async () => {
    const response = await fetch(`${ANTHROPIC}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test-key' },
      body: JSON.stringify({
        model: 'claude-test-1',
        max_tokens: 1024,
        stream: true,
        messages: [{ role: 'user', content: JSON.stringify({ mock: { ...fast, dropAt: 3 } }) }],
      }),
    })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
  })
})
