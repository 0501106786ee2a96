import type { ProviderPart } from '@sluice/provider'
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import { describe, expect, it } from 'vitest'
import { chatParts } from '../src/index.js'

type Delta = ChatCompletionChunk.Choice.Delta

function chunk(delta: Delta, finish: string | null = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'gpt-test',
    choices: [
      { index: 0, delta, finish_reason: finish as ChatCompletionChunk.Choice['finish_reason'] },
    ],
  }
}

async function partsOf(chunks: ChatCompletionChunk[]): Promise<ProviderPart[]> {
  async function* source() {
    yield* chunks
  }
  const parts: ProviderPart[] = []
  for await (const part of chatParts(source())) parts.push(part)
  return parts
}

describe('chatParts regressions', () => {
  it('a finish reason outside the table still ends the answer (as stop), not as a retryable failure', async () => {
    const parts = await partsOf([chunk({ content: 'hi' }), chunk({}, 'eos')])
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' })
  })

  it('parallel calls that a gateway sends all at index 0 stay separate calls by id', async () => {
    const call = (id: string | undefined, name: string | undefined, args: string) => ({
      tool_calls: [
        {
          index: 0,
          ...(id ? { id } : {}),
          function: { ...(name ? { name } : {}), arguments: args },
        },
      ],
    })
    const parts = await partsOf([
      chunk(call('call_a', 'first', '{"a":')),
      chunk(call(undefined, undefined, '1}')),
      chunk(call('call_b', 'second', '{"b":2}')),
      chunk({}, 'tool_calls'),
    ])
    expect(parts.filter((part) => part.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', toolCallId: 'call_a', name: 'first', argsDelta: '{"a":' },
      { type: 'tool-call-delta', toolCallId: 'call_a', argsDelta: '1}' },
      { type: 'tool-call-delta', toolCallId: 'call_b', name: 'second', argsDelta: '{"b":2}' },
    ])
  })
})
