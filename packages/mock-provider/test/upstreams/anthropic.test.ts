import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ANTHROPIC_MOCK_SCENARIO_HEADER,
  type MockAnthropic,
  mockText,
  mockToolCalls,
  startMockAnthropic,
} from '../../src/index.js'

let upstream: MockAnthropic
beforeAll(async () => {
  upstream = await startMockAnthropic()
})
afterAll(() => upstream.close())

const FAST = { ttftMs: 0, tokenDelayMs: 0 }

function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${upstream.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'test-key', ...headers },
    body: JSON.stringify({ model: 'claude-test-1', max_tokens: 1024, stream: true, ...body }),
  })
}

const ask = (mock: Record<string, unknown>) => [
  { role: 'user', content: JSON.stringify({ mock: { ...FAST, ...mock } }) },
]

interface WireEvent {
  event: string
  data: { type: string; [key: string]: unknown }
}

/** Splits the body on blank lines; each block must be exactly an event line and a data line. */
async function events(response: Response): Promise<WireEvent[]> {
  const text = await response.text()
  expect(text.endsWith('\n\n')).toBe(true)
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n')
      expect(rest).toEqual([])
      expect(eventLine).toMatch(/^event: [a-z_]+$/)
      expect(dataLine).toMatch(/^data: \{/)
      const event = (eventLine ?? '').slice('event: '.length)
      const data = JSON.parse((dataLine ?? '').slice('data: '.length))
      // [spec] The data's type always repeats the event name.
      expect(data.type).toBe(event)
      return { event, data }
    })
}

const deltas = (list: WireEvent[], kind: string) =>
  list.flatMap(({ data }) => {
    const delta = data.delta as { type?: string; text?: string; partial_json?: string } | undefined
    return data.type === 'content_block_delta' && delta?.type === kind
      ? [delta.text ?? delta.partial_json ?? '']
      : []
  })

describe('mock Anthropic upstream: the Messages SSE wire format', () => {
  it('streams the seeded text between message_start and message_stop', async () => {
    const response = await post({ messages: ask({ seed: 3, tokens: 12 }) })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const list = await events(response)
    expect(list.map((e) => e.event).slice(0, 3)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
    ])
    expect(list.map((e) => e.event).slice(-3)).toEqual([
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    expect(deltas(list, 'text_delta').join('')).toBe(mockText({ seed: 3, tokens: 12, json: false }))
    const start = list[0]?.data.message as { usage: { input_tokens: number } }
    expect(start.usage.input_tokens).toBeGreaterThan(0)
    expect(list.at(-2)?.data).toMatchObject({
      delta: { stop_reason: 'end_turn' },
      usage: { output_tokens: 12 },
    })
  })

  it('streams tool_use blocks with input_json_delta and stops with tool_use', async () => {
    const list = await events(await post({ messages: ask({ seed: 4, tokens: 2, toolCalls: 2 }) }))
    const calls = mockToolCalls({ seed: 4, toolCalls: 2 })
    const starts = list.filter(
      (e) =>
        e.event === 'content_block_start' &&
        (e.data.content_block as { type: string }).type === 'tool_use',
    )
    expect(starts.map((e) => (e.data.content_block as { name: string }).name)).toEqual(
      calls.map((call) => call.name),
    )
    expect(deltas(list, 'input_json_delta').join('')).toBe(calls.map((c) => c.argsText).join(''))
    expect(list.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } })
  })

  it('stops at max_tokens with stop_reason max_tokens', async () => {
    const list = await events(await post({ max_tokens: 5, messages: ask({ tokens: 20 }) }))
    expect(deltas(list, 'text_delta')).toHaveLength(5)
    expect(list.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'max_tokens' } })
  })

  it('failAt: an overloaded_error event after HTTP 200, then the end', async () => {
    const response = await post({ messages: ask({ tokens: 10, failAt: 4 }) })
    expect(response.status).toBe(200)
    const list = await events(response)
    expect(deltas(list, 'text_delta')).toHaveLength(4)
    expect(list.at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    })
  })

  it('takes the scenario from the x-mock-scenario header before the message', async () => {
    const header = JSON.stringify({ ...FAST, seed: 5, tokens: 3 })
    const response = await post(
      { messages: [{ role: 'user', content: 'plain text' }] },
      { [ANTHROPIC_MOCK_SCENARIO_HEADER]: header },
    )
    const list = await events(response)
    expect(deltas(list, 'text_delta').join('')).toBe(mockText({ seed: 5, tokens: 3, json: false }))
  })
})

describe('mock Anthropic upstream: HTTP faults', () => {
  it.each([
    [401, 'authentication_error'],
    [404, 'not_found_error'],
    [429, 'rate_limit_error'],
    [529, 'overloaded_error'],
  ])('%i answers Anthropic’s JSON error body (%s)', async (status, type) => {
    const response = await post({ messages: ask({ status, retryAfterSeconds: 2 }) })
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ type: 'error', error: { type } })
    expect(response.headers.get('retry-after')).toBe('2')
  })

  it('an invalid scenario is a 400 invalid_request_error naming the field', async () => {
    const response = await post({ messages: ask({ tokens: -1 }) })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { type: string; message: string } }
    expect(body.error.type).toBe('invalid_request_error')
    expect(body.error.message).toContain('mock.tokens')
  })

  it('no key is a 401', async () => {
    const response = await fetch(`${upstream.url}/v1/messages`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(401)
  })

  it('dropAt cuts the connection mid-stream', async () => {
    const response = await post({ messages: ask({ tokens: 10, dropAt: 2 }) })
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
  })

  it('records a client that leaves early', async () => {
    const before = upstream.connectionsClosed
    const aborter = new AbortController()
    const response = await fetch(`${upstream.url}/v1/messages`, {
      method: 'POST',
      signal: aborter.signal,
      headers: { 'x-api-key': 'k' },
      body: JSON.stringify({
        model: 'm',
        max_tokens: 100,
        stream: true,
        messages: ask({ tokens: 100, tokenDelayMs: 50 }),
      }),
    })
    expect(response.status).toBe(200)
    aborter.abort()
    await upstream.whenConnectionsClosed(before + 1)
    expect(upstream.requests.at(-1)?.closedEarly).toBe(true)
  })
})
