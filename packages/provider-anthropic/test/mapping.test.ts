import { ProviderError } from '@sluice/provider'
import { describe, expect, it } from 'vitest'
import { mapStopReason, toMessagesParams } from '../src/index.js'

const defaults = { defaultModel: 'claude-test-1', maxTokensDefault: 4096 }

describe('stop_reason mapping', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    [null, 'stop'],
  ] as const)('%s → %s', (reason, expected) => {
    expect(mapStopReason(reason)).toBe(expected)
  })
})

describe('request mapping', () => {
  it('moves system messages to `system` and defaults max_tokens', () => {
    const params = toMessagesParams(
      {
        model: '',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'system', content: 'Be kind.' },
          { role: 'user', content: 'Bye' },
        ],
        temperature: 0.2,
      },
      defaults,
    )
    expect(params).toEqual({
      model: 'claude-test-1',
      max_tokens: 4096,
      stream: true,
      system: 'Be brief.\n\nBe kind.',
      temperature: 0.2,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ],
    })
  })

  it('rejects a non-positive maxTokens as bad-request', () => {
    const request = {
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x' }],
      maxTokens: 0,
    }
    expect(() => toMessagesParams(request, defaults)).toThrow(ProviderError)
  })
})
