import { describe, expect, it } from 'vitest'
import type { JsonView } from '../../src/index.js'
import {
  frames,
  harness,
  sseResponse,
  streamEnd,
  streamStart,
  textDelta,
  toolCallDelta,
} from './helpers/harness.js'

const JSON_REQUEST = {
  messages: [{ role: 'user' as const, content: 'JSON please' }],
  responseFormat: { type: 'json' as const },
}

function textEvents(pieces: string[]) {
  return [
    streamStart(),
    ...pieces.map((text, i) => textDelta(i + 2, text)),
    streamEnd(pieces.length + 2),
  ]
}

describe('structured output', () => {
  it('gives the best value after each delta, with completed paths, and the final value', async () => {
    const pieces = ['{"title": "Riv', 'er", "len', 'gth": 12', '3, "tags": ["a', '"]}']
    const { client } = harness([sseResponse(frames(textEvents(pieces)))])
    const seen: { value: unknown; titleDone: boolean }[] = []
    const stream = client.start(JSON_REQUEST, {
      onJson: (json: JsonView) =>
        seen.push({ value: json.value, titleDone: json.isComplete(['title']) }),
    })
    const result = await stream.result
    expect(result.json).toEqual({ title: 'River', length: 123, tags: ['a'] })
    expect(seen.map((step) => step.value)).toEqual([
      { title: 'Riv' },
      { title: 'River' },
      { title: 'River' },
      { title: 'River', length: 123, tags: ['a'] },
      { title: 'River', length: 123, tags: ['a'] },
    ])
    expect(seen.map((step) => step.titleDone)).toEqual([false, true, true, true, true])
  })

  it('a response that is not JSON fails the result with invalid-json; the text stays', async () => {
    const { client } = harness([sseResponse(frames(textEvents(['Sure! Here', ' is JSON'])))])
    const stream = client.start(JSON_REQUEST)
    await expect(stream.result).rejects.toMatchObject({ code: 'invalid-json', line: 1, column: 1 })
    expect(stream.json?.error?.code).toBe('invalid-json')
    expect(stream.text).toBe('Sure! Here is JSON')
  })

  it('accepts a markdown fence when asked to', async () => {
    const pieces = ['```js', 'on\n{"a"', ': [1, 2]}\n`', '``']
    const { client } = harness([sseResponse(frames(textEvents(pieces)))])
    const stream = client.start(JSON_REQUEST, { json: { allowMarkdownFence: true } })
    expect((await stream.result).json).toEqual({ a: [1, 2] })
  })

  it('parses each tool call’s arguments as they arrive', async () => {
    const events = [
      streamStart(),
      toolCallDelta(2, 'call_1', '{"city": "Os', 'get_weather'),
      toolCallDelta(3, 'call_2', '{"q": 1}', 'search_docs'),
      toolCallDelta(4, 'call_1', 'lo"}'),
      streamEnd(5, 'tool-calls'),
    ]
    const { client } = harness([sseResponse(frames(events))])
    const updates: unknown[] = []
    const stream = client.start(JSON_REQUEST, {
      onToolCall: (call) => updates.push([call.toolCallId, call.args]),
    })
    const iterated: unknown[] = []
    for await (const calls of stream.toolCallUpdates()) iterated.push(calls.map((c) => c.args))
    const result = await stream.result
    expect(updates).toEqual([
      ['call_1', { city: 'Os' }],
      ['call_2', { q: 1 }],
      ['call_1', { city: 'Oslo' }],
    ])
    expect(result.toolCalls).toEqual([
      {
        toolCallId: 'call_1',
        name: 'get_weather',
        argsText: '{"city": "Oslo"}',
        args: { city: 'Oslo' },
      },
      { toolCallId: 'call_2', name: 'search_docs', argsText: '{"q": 1}', args: { q: 1 } },
    ])
    expect(iterated.at(-1)).toEqual([{ city: 'Oslo' }, { q: 1 }])
    expect(stream.toolCallArgs('call_1')?.isComplete([])).toBe(true)
  })

  it('partialJson() is refused for a response that is not JSON', () => {
    const { client } = harness([sseResponse(frames(textEvents(['x'])))])
    const stream = client.start({ messages: [{ role: 'user', content: 'hi' }] })
    expect(() => stream.partialJson()).toThrow(/responseFormat/)
  })
})
