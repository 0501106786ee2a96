import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mockText, mockToolCalls } from '../../src/index.js'
import { type MockOpenAIServer, startMockOpenAI } from '../../src/upstreams/openai.js'
import { postOpenAIChat } from './openai-request.js'

let upstream: MockOpenAIServer
beforeAll(async () => {
  upstream = await startMockOpenAI()
})
afterAll(() => upstream.close())

function post(mock: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return postOpenAIChat(upstream.url, mock, extra)
}

/** The `data:` payloads of an SSE body, in order. */
async function dataLines(response: Response): Promise<string[]> {
  const text = await response.text()
  expect(text.endsWith('\n\n')).toBe(true)
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true)
      return block.slice('data: '.length)
    })
}

const fast = { ttftMs: 0, tokenDelayMs: 0 }

describe('mock OpenAI upstream', () => {
  it('streams the seeded text in chat.completion.chunk format, then usage, then [DONE]', async () => {
    const response = await post({ seed: 9, tokens: 10, ...fast })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const lines = await dataLines(response)
    expect(lines.at(-1)).toBe('[DONE]')
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line))
    expect(chunks[0]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant' } }],
    })
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')
    expect(text).toBe(mockText({ seed: 9, tokens: 10, json: false }))
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop')
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 10 } })
  })

  it('streams tool calls keyed by index, id and name first', async () => {
    const lines = await dataLines(await post({ seed: 2, tokens: 1, toolCalls: 2, ...fast }))
    const calls = new Map<number, { id: string; name: string; args: string }>()
    for (const line of lines.slice(0, -1)) {
      for (const call of JSON.parse(line).choices[0]?.delta.tool_calls ?? []) {
        const known = calls.get(call.index)
        if (known) known.args += call.function.arguments
        else
          calls.set(call.index, {
            id: call.id,
            name: call.function.name,
            args: call.function.arguments,
          })
      }
    }
    const expected = mockToolCalls({ seed: 2, toolCalls: 2 })
    expect([...calls.values()]).toEqual(
      expected.map((call) => ({ id: call.toolCallId, name: call.name, args: call.argsText })),
    )
  })

  it('answers a JSON response_format with the seeded JSON document', async () => {
    const lines = await dataLines(
      await post({ seed: 4, tokens: 20, ...fast }, { response_format: { type: 'json_object' } }),
    )
    const text = lines
      .slice(0, -1)
      .map((line) => JSON.parse(line).choices[0]?.delta.content ?? '')
      .join('')
    expect(text).toBe(mockText({ seed: 4, tokens: 20, json: true }))
  })

  it('answers a 429 with retry-after and OpenAI’s error body', async () => {
    const response = await post({ status: 429, retryAfter: 3 })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(await response.json()).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded' },
    })
  })

  it('reads the scenario from the x-mock-scenario header too', async () => {
    const response = await fetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-x', 'x-mock-scenario': '{"status": 404}' },
      body: JSON.stringify({ model: 'nope', stream: true, messages: [] }),
    })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'model_not_found' } })
  })

  it('drops the connection at failAt, without [DONE]', async () => {
    const response = await post({ tokens: 10, failAt: 3, ...fast })
    await expect(response.text()).rejects.toThrow()
  })

  it('refuses a request without a key, and a bad scenario, as OpenAI-shaped 4xx', async () => {
    const anonymous = await fetch(`${upstream.url}/chat/completions`, {
      method: 'POST',
      body: '{}',
    })
    expect(anonymous.status).toBe(401)
    expect((await post({ tokens: -1 })).status).toBe(400)
  })
})
