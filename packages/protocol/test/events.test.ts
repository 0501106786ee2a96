import { describe, expect, it } from 'vitest'
import {
  EventType,
  FINISH_REASONS,
  isTerminalEvent,
  PROTOCOL_VERSION,
  type SluiceEvent,
} from '../src/index.js'

describe('event constants', () => {
  it('name the five v1 events', () => {
    expect(PROTOCOL_VERSION).toBe(1)
    expect(EventType).toStrictEqual({
      streamStart: 'stream-start',
      textDelta: 'text-delta',
      toolCallDelta: 'tool-call-delta',
      streamEnd: 'stream-end',
      error: 'error',
    })
    expect(FINISH_REASONS).toStrictEqual([
      'stop',
      'length',
      'tool-calls',
      'content-filter',
      'cancelled',
      'timeout',
    ])
  })

  it('isTerminalEvent is true for stream-end and error only', () => {
    const events: SluiceEvent[] = [
      {
        seq: 1,
        type: 'stream-start',
        data: { streamId: 's', resumeToken: 't', provider: 'p', model: 'm', createdAt: 'c' },
      },
      { seq: 2, type: 'text-delta', data: { text: '' } },
      { seq: 3, type: 'tool-call-delta', data: { toolCallId: 'c', argsDelta: '' } },
      { seq: 4, type: 'stream-end', data: { finishReason: 'stop' } },
      { seq: 5, type: 'error', data: { code: 'internal-error', message: '', retryable: true } },
    ]
    expect(events.map(isTerminalEvent)).toStrictEqual([false, false, false, true, true])
  })
})
