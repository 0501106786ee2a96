import { describe, expect, it } from 'vitest'
import { decodeEvent, decodePayload, isKnownEventType, type SseMessage } from '../src/index.js'
import { expectProtocolError } from './helpers/errors.js'

const VALID_DATA = {
  'stream-start': {
    streamId: 'str_1',
    resumeToken: 'rt_1',
    provider: 'mock',
    model: 'mock-1',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  'text-delta': { text: 'hi' },
  'tool-call-delta': { toolCallId: 'call_1', name: 'f', argsDelta: '{}' },
  'stream-end': { finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2 } },
  error: { code: 'internal-error', message: 'boom', retryable: false },
} as const

type Type = keyof typeof VALID_DATA
const TYPES = Object.keys(VALID_DATA) as Type[]

/** seq 1 for stream-start (which must be 1), 5 otherwise. */
const seqFor = (type: string) => (type === 'stream-start' ? '1' : '5')

function message(type: string, data: unknown, id: string | undefined = seqFor(type)): SseMessage {
  return { id, event: type, data: typeof data === 'string' ? data : JSON.stringify(data) }
}

/** `VALID_DATA[type]` with `field` removed (`value` undefined) or replaced. */
function withField(type: Type, field: string, value: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = { ...VALID_DATA[type] }
  if (value === undefined) delete data[field]
  else data[field] = value
  return data
}

describe('decodeEvent accepts', () => {
  it.for(TYPES)('a valid %s', (type) => {
    expect(decodeEvent(message(type, VALID_DATA[type]))).toStrictEqual({
      seq: Number(seqFor(type)),
      type,
      data: VALID_DATA[type],
    })
  })

  it('optional fields left out', () => {
    expect(
      decodeEvent(message('tool-call-delta', { toolCallId: 'c', argsDelta: '' })),
    ).toStrictEqual({ seq: 5, type: 'tool-call-delta', data: { toolCallId: 'c', argsDelta: '' } })
    expect(decodeEvent(message('stream-end', { finishReason: 'length' }))).toStrictEqual({
      seq: 5,
      type: 'stream-end',
      data: { finishReason: 'length' },
    })
  })

  it.for(['stop', 'length', 'tool-calls', 'content-filter', 'cancelled', 'timeout'])(
    'finishReason %s',
    (finishReason) => {
      expect(decodeEvent(message('stream-end', { finishReason }))?.data).toStrictEqual({
        finishReason,
      })
    },
  )

  it('usage of zero and of the largest safe integer', () => {
    const usage = { inputTokens: 0, outputTokens: Number.MAX_SAFE_INTEGER }
    expect(decodeEvent(message('stream-end', { finishReason: 'stop', usage }))?.data).toStrictEqual(
      { finishReason: 'stop', usage },
    )
  })

  it.for(TYPES)('extra unknown fields in a %s payload (and keeps them)', (type) => {
    const data = { ...VALID_DATA[type], futureField: { nested: [1, 'x'] }, another: null }
    expect(decodeEvent(message(type, data))).toStrictEqual({
      seq: Number(seqFor(type)),
      type,
      data,
    })
  })

  it('extra unknown fields inside usage', () => {
    const usage = { inputTokens: 1, outputTokens: 2, cachedTokens: 3 }
    expect(decodeEvent(message('stream-end', { finishReason: 'stop', usage }))?.data).toStrictEqual(
      { finishReason: 'stop', usage },
    )
  })

  it('the largest safe seq', () => {
    expect(decodeEvent(message('text-delta', { text: '' }, '9007199254740991'))?.seq).toBe(
      Number.MAX_SAFE_INTEGER,
    )
  })
})

describe('decodeEvent returns undefined for an event type it does not know', () => {
  it.for([
    'future-event',
    'message',
    'Text-Delta',
    'TEXT-DELTA',
    'text_delta',
    ' text-delta',
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
  ])('%j with a valid id', (type) => {
    expect(isKnownEventType(type)).toBe(false)
    expect(decodeEvent({ id: '3', event: type, data: '{"text":"x"}' })).toBeUndefined()
  })

  it('no event field at all (an SSE "message")', () => {
    expect(decodeEvent({ id: '3', data: '{"text":"x"}' })).toBeUndefined()
  })

  it('whatever its data is, since it is never parsed', () => {
    for (const data of ['', 'not json', '[]', 'null', '"x"']) {
      expect(decodeEvent({ id: '3', event: 'future-event', data })).toBeUndefined()
    }
  })

  it('but still rejects a missing or malformed id, because its seq still counts', () => {
    expectProtocolError(() => decodeEvent({ event: 'future-event', data: '{}' }), 'invalid-seq')
    expectProtocolError(
      () => decodeEvent({ id: '0', event: 'future-event', data: '{}' }),
      'invalid-seq',
    )
    expectProtocolError(() => decodeEvent({ id: 'x', data: '{}' }), 'invalid-seq')
  })

  it('isKnownEventType knows exactly the five v1 types', () => {
    for (const type of TYPES) expect(isKnownEventType(type)).toBe(true)
  })

  it('an enumerable key another script put on Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true,
    })
    try {
      expect(isKnownEventType('polluted')).toBe(false)
      expect(decodeEvent({ id: '3', event: 'polluted', data: '{}' })).toBeUndefined()
    } finally {
      delete (Object.prototype as { polluted?: unknown }).polluted
    }
  })
})

describe('decodeEvent rejects ids', () => {
  it('that are missing', () => {
    const error = expectProtocolError(
      () => decodeEvent({ event: 'text-delta', data: '{"text":"x"}' }),
      'invalid-seq',
    )
    expect(error.message).toContain('"text-delta"')
  })

  it.for([
    '',
    '0',
    '-1',
    '-0',
    '+1',
    '01',
    '00',
    '1.5',
    '1.0',
    '1e3',
    ' 7',
    '7 ',
    '\t7',
    '0x10',
    '0b1',
    '0o7',
    '1_000',
    '1,000',
    'Infinity',
    'NaN',
    'abc',
    '١',
    '７',
    '9007199254740992',
    '9007199254740993',
    '99999999999999999',
    '1'.repeat(400),
  ])('%j', (id) => {
    for (const type of [...TYPES, 'future-event']) {
      expectProtocolError(
        () => decodeEvent({ id, event: type, data: JSON.stringify(VALID_DATA['text-delta']) }),
        'invalid-seq',
      )
    }
  })
})

describe('decodeEvent rejects data', () => {
  it.for([
    '',
    ' ',
    '{',
    '{"text":"x"',
    "{'text':'x'}",
    'undefined',
    'NaN',
    '{"text":"x"}}',
    '{text:1}',
  ])('that is not JSON: %j', (data) => {
    for (const type of TYPES) {
      const error = expectProtocolError(
        () => decodeEvent({ id: seqFor(type), event: type, data }),
        'invalid-json',
      )
      expect(error.cause).toBeInstanceOf(SyntaxError)
    }
  })

  it.for(['[]', '[{"text":"x"}]', 'null', '"text"', '1', 'true', 'false'])(
    'that is JSON but not an object: %s',
    (data) => {
      for (const type of TYPES) {
        expectProtocolError(
          () => decodeEvent({ id: seqFor(type), event: type, data }),
          'invalid-event',
        )
      }
    },
  )
})

const WRONG_TYPES: readonly unknown[] = [undefined, null, 1, 0, true, [], {}, ['x']]
const WRONG_BOOLEANS: readonly unknown[] = [undefined, null, 0, 1, 'true', 'false', [], {}]

describe('decodeEvent rejects a payload with a missing or wrongly typed field', () => {
  const cases: [Type, string, readonly unknown[]][] = [
    ['stream-start', 'streamId', WRONG_TYPES],
    ['stream-start', 'resumeToken', WRONG_TYPES],
    ['stream-start', 'provider', WRONG_TYPES],
    ['stream-start', 'model', WRONG_TYPES],
    ['stream-start', 'createdAt', WRONG_TYPES],
    ['text-delta', 'text', WRONG_TYPES],
    ['tool-call-delta', 'toolCallId', WRONG_TYPES],
    ['tool-call-delta', 'argsDelta', WRONG_TYPES],
    // `name` may be left out, but not be present with a non-string value.
    ['tool-call-delta', 'name', WRONG_TYPES.filter((v) => v !== undefined)],
    [
      'stream-end',
      'finishReason',
      [...WRONG_TYPES, '', 'STOP', 'Stop', 'tool_calls', 'toolCalls', 'end_turn', 'error', ' stop'],
    ],
    ['error', 'code', WRONG_TYPES],
    ['error', 'message', WRONG_TYPES],
    ['error', 'retryable', WRONG_BOOLEANS],
  ]

  it.for(cases)('%s.%s', ([type, field, values]) => {
    for (const value of values) {
      const data = withField(type, field, value)
      const error = expectProtocolError(() => decodeEvent(message(type, data)), 'invalid-event')
      expect(error.message).toContain(type)
    }
  })

  it('stream-end with an unknown finishReason names it', () => {
    const error = expectProtocolError(
      () => decodeEvent(message('stream-end', { finishReason: 'end_turn' })),
      'invalid-event',
    )
    expect(error.message).toContain('"end_turn"')
  })

  it.for([
    null,
    'x',
    1,
    true,
    [],
    [1, 2],
    {},
    { inputTokens: 1 },
    { outputTokens: 1 },
    { inputTokens: -1, outputTokens: 1 },
    { inputTokens: 1, outputTokens: -1 },
    { inputTokens: 1.5, outputTokens: 1 },
    { inputTokens: 1, outputTokens: 0.1 },
    { inputTokens: '1', outputTokens: 1 },
    { inputTokens: 1, outputTokens: null },
    { inputTokens: 1, outputTokens: true },
    { inputTokens: 1e300, outputTokens: 1 },
    { inputTokens: 9007199254740992, outputTokens: 1 },
  ])('stream-end with usage %j', (usage) => {
    expectProtocolError(
      () => decodeEvent(message('stream-end', { finishReason: 'stop', usage })),
      'invalid-event',
    )
  })
})

describe('decodeEvent rejects stream-start that is not seq 1', () => {
  it.for(['2', '3', '42', '9007199254740991'])('id %s', (id) => {
    const error = expectProtocolError(
      () => decodeEvent(message('stream-start', VALID_DATA['stream-start'], id)),
      'invalid-event',
    )
    expect(error.message).toContain(id)
  })

  it('and seq 1 must be stream-start', () => {
    for (const type of TYPES.filter((t) => t !== 'stream-start')) {
      expectProtocolError(() => decodeEvent(message(type, VALID_DATA[type], '1')), 'invalid-event')
    }
  })
})

describe('decodePayload (for readers that parsed the id already)', () => {
  it.for(TYPES)('decodes a %s as decodeEvent does', (type) => {
    const data = JSON.stringify(VALID_DATA[type])
    const event = decodePayload(Number(seqFor(type)), type, data)
    expect(event).toStrictEqual(decodeEvent(message(type, data)))
  })

  it('returns undefined for an unknown type and rejects what decodeEvent rejects', () => {
    expect(decodePayload(5, 'message', '{}')).toBeUndefined()
    expectProtocolError(() => decodePayload(5, 'text-delta', '{'), 'invalid-json')
    expectProtocolError(
      () => decodePayload(2, 'stream-start', JSON.stringify(VALID_DATA['stream-start'])),
      'invalid-event',
    )
  })
})
