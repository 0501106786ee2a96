import { ProviderError } from '@sluice/provider'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAnthropicProvider } from '../src/index.js'
import { FIXTURE_BASE_URL, messagesFixture } from './fixture-server.js'
import { API_KEY, collect } from './helpers.js'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const request = { model: 'claude-test-1', messages: [{ role: 'user' as const, content: 'Hi' }] }

function run() {
  // Made per test, after msw has patched fetch.
  const provider = createAnthropicProvider({
    apiKey: API_KEY,
    baseURL: FIXTURE_BASE_URL,
    defaultModel: 'claude-test-1',
  })
  return collect(provider.stream(request, { signal: new AbortController().signal }))
}

describe('recorded Anthropic streams through the real SDK', () => {
  it('text: deltas in order, end_turn as stop, usage from message_start and message_delta', async () => {
    server.use(messagesFixture('text.sse'))
    const { parts, error } = await run()
    expect(error).toBeUndefined()
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! Café 🦀' },
      { type: 'text-delta', text: ' line\nbreak' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 25, outputTokens: 15 } },
    ])
  })

  it('tool use: id and name on the first delta, empty partial_json skipped, {} for no input', async () => {
    server.use(messagesFixture('tool-use.sse'))
    const { parts, error } = await run()
    expect(error).toBeUndefined()
    const id = 'toolu_01T1x1fJ34qAmk2tNTrN7Up6'
    expect(parts).toEqual([
      { type: 'text-delta', text: "Okay, let's check the weather." },
      { type: 'tool-call-delta', toolCallId: id, name: 'get_weather', argsDelta: '{"location":' },
      { type: 'tool-call-delta', toolCallId: id, argsDelta: ' "San Fra' },
      { type: 'tool-call-delta', toolCallId: id, argsDelta: 'ncisco, CA", "unit": "fah' },
      { type: 'tool-call-delta', toolCallId: id, argsDelta: 'renheit"}' },
      {
        type: 'tool-call-delta',
        toolCallId: 'toolu_01NoArgs0000000000000000',
        name: 'get_time',
        argsDelta: '{}',
      },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        usage: { inputTokens: 472, outputTokens: 89 },
      },
    ])
  })

  it('max_tokens as length; cache-read tokens count as input', async () => {
    server.use(messagesFixture('max-tokens.sse'))
    const { parts } = await run()
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      usage: { inputTokens: 108, outputTokens: 4 },
    })
  })

  it('overloaded_error after HTTP 200: the text so far, then a retryable overloaded error', async () => {
    server.use(messagesFixture('overloaded-error.sse'))
    const { parts, error } = await run()
    expect(parts).toEqual([{ type: 'text-delta', text: 'Partial' }])
    expect(ProviderError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'overloaded', retryable: true })
  })

  it('a stream cut before message_stop is a retryable upstream-error, not a finish', async () => {
    server.use(
      http.post(
        `${FIXTURE_BASE_URL}/v1/messages`,
        () =>
          new HttpResponse(
            'event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"model":"x","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
            { headers: { 'content-type': 'text/event-stream' } },
          ),
      ),
    )
    const { parts, error } = await run()
    expect(parts).toEqual([])
    expect(error).toMatchObject({ code: 'upstream-error', retryable: true })
  })
})
