import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenAIProvider } from '../src/index.js'
import { collect, startFixtureServer, TEST_API_KEY } from './helpers.js'

let fixtures: Awaited<ReturnType<typeof startFixtureServer>>
beforeAll(async () => {
  fixtures = await startFixtureServer()
})
afterAll(() => fixtures.close())

const replay = (path: string, fixture: string) => fixtures.serve(path, fixture)

const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Hi' }] }
const chat = () =>
  createOpenAIProvider({ apiKey: TEST_API_KEY, baseURL: fixtures.url, defaultModel: 'gpt-4o' })
const responses = () =>
  createOpenAIProvider({
    apiKey: TEST_API_KEY,
    baseURL: fixtures.url,
    defaultModel: 'gpt-4o',
    api: 'responses',
  })

describe('OpenAI fixtures through the SDK', () => {
  it('chat text: deltas, then stop with usage', async () => {
    replay('/chat/completions', 'chat-text.txt')
    const { parts, error } = await collect(chat(), request)
    expect(error).toBeUndefined()
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '!' },
      { type: 'text-delta', text: ' How can I' },
      { type: 'text-delta', text: ' help you today?' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 19, outputTokens: 10 } },
    ])
  })

  it('chat tool calls: keyed by index, named once, finish tool-calls', async () => {
    replay('/chat/completions', 'chat-tool-calls.txt')
    const { parts } = await collect(chat(), request)
    const first = 'call_DdmO9pD3xa9XTPNJ32zg2hcA'
    const second = 'call_4Xc5LZc3Yv1rXh1P7bQ2kT9s'
    expect(parts).toEqual([
      { type: 'tool-call-delta', toolCallId: first, name: 'get_weather', argsDelta: '' },
      { type: 'tool-call-delta', toolCallId: first, argsDelta: '{"lo' },
      { type: 'tool-call-delta', toolCallId: first, argsDelta: 'cation": "Par' },
      { type: 'tool-call-delta', toolCallId: first, argsDelta: 'is"}' },
      { type: 'tool-call-delta', toolCallId: second, name: 'get_weather', argsDelta: '' },
      { type: 'tool-call-delta', toolCallId: second, argsDelta: '{"location"' },
      { type: 'tool-call-delta', toolCallId: second, argsDelta: ': "Bogotá"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 82, outputTokens: 46 } },
    ])
  })

  it('chat refusal: streamed as text, finish content-filter', async () => {
    replay('/chat/completions', 'chat-refusal.txt')
    const { parts } = await collect(chat(), request)
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('')
    expect(text).toBe("I'm sorry, I can't assist with that.")
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'content-filter' })
  })

  it('chat error event after output: a retryable upstream-error, no finish', async () => {
    replay('/chat/completions', 'chat-error.txt')
    const { parts, error } = await collect(chat(), request)
    expect(parts).toEqual([{ type: 'text-delta', text: 'The answer' }])
    expect(error).toMatchObject({ name: 'ProviderError', code: 'upstream-error', retryable: true })
  })

  it('responses text: output_text deltas, completed with usage', async () => {
    replay('/responses', 'responses-text.txt')
    const { parts, error } = await collect(responses(), request)
    expect(error).toBeUndefined()
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'text-delta', text: ' there!' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 37, outputTokens: 11 } },
    ])
  })

  it('responses tool call: named by output_item.added, arguments by item id', async () => {
    replay('/responses', 'responses-tool-calls.txt')
    const { parts } = await collect(responses(), request)
    expect(parts).toEqual([
      { type: 'tool-call-delta', toolCallId: 'call_12345xyz', name: 'get_weather', argsDelta: '' },
      { type: 'tool-call-delta', toolCallId: 'call_12345xyz', argsDelta: '{"location":' },
      { type: 'tool-call-delta', toolCallId: 'call_12345xyz', argsDelta: ' "Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 57, outputTokens: 18 } },
    ])
  })
})
