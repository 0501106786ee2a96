import { describe, expect, it } from 'vitest'
import {
  encodeComment,
  encodeEvent,
  encodeRetry,
  HEARTBEAT_FRAME,
  type SluiceEvent,
} from '../src/index.js'
import { createRng } from './helpers/prng.js'
import { randomText } from './helpers/script.js'
import { readText } from './helpers/wire.js'

const SSE_LINE_BREAK = /\r\n|\r|\n/

describe('encodeEvent', () => {
  it('writes id, event and one JSON data line, then a blank line', () => {
    const event: SluiceEvent = {
      seq: 3,
      type: 'tool-call-delta',
      data: { toolCallId: 'call_1', name: 'f', argsDelta: '{"a":' },
    }
    expect(encodeEvent(event)).toBe(
      'id: 3\nevent: tool-call-delta\ndata: {"toolCallId":"call_1","name":"f","argsDelta":"{\\"a\\":"}\n\n',
    )
  })

  it('leaves out an optional field that is absent', () => {
    expect(encodeEvent({ seq: 9, type: 'stream-end', data: { finishReason: 'cancelled' } })).toBe(
      'id: 9\nevent: stream-end\ndata: {"finishReason":"cancelled"}\n\n',
    )
  })
})

describe('encodeComment', () => {
  it('writes one comment line and a blank line', () => {
    expect(encodeComment('ping')).toBe(': ping\n\n')
    expect(encodeComment('')).toBe(': \n\n')
  })

  it('HEARTBEAT_FRAME is the ping comment', () => {
    expect(HEARTBEAT_FRAME).toBe(': ping\n\n')
    expect(readText(HEARTBEAT_FRAME)).toStrictEqual([{ kind: 'comment', text: 'ping' }])
  })

  it.for([
    ['LF', 'a\nb', 'a b'],
    ['CR', 'a\rb', 'a b'],
    ['CRLF', 'a\r\nb', 'a  b'],
    ['leading and trailing breaks', '\nping\r', ' ping '],
    ['a blank line', 'x\n\ny', 'x  y'],
    [
      'forged fields',
      'hb\nid: 5\ndata: {}\n\nevent: stream-end',
      'hb id: 5 data: {}  event: stream-end',
    ],
    ['forged retry', '\r\nretry: 1\r\n', '  retry: 1  '],
  ] as const)('cannot create a second line from %s', ([, text, expected]) => {
    const frame = encodeComment(text)
    expect(frame.split(SSE_LINE_BREAK)).toStrictEqual([`: ${expected}`, '', ''])
    expect(readText(frame)).toStrictEqual([{ kind: 'comment', text: expected }])
  })

  it('keeps characters that are not SSE line breaks', () => {
    const text = 'a\u2028b\u2029c\u0085d😀\uFEFF'
    expect(readText(encodeComment(text))).toStrictEqual([{ kind: 'comment', text }])
  })

  it('is always exactly one comment, whatever the text (200 seeds)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomText(createRng(seed), 12)
      const frame = encodeComment(text)
      expect(frame.split(SSE_LINE_BREAK), `seed ${seed}`).toHaveLength(3)
      expect(readText(frame), `seed ${seed}`).toStrictEqual([
        { kind: 'comment', text: text.replace(/[\r\n]/g, ' ') },
      ])
    }
  })
})

describe('encodeRetry', () => {
  it.for([
    [0, 'retry: 0\n\n'],
    [1, 'retry: 1\n\n'],
    [3000, 'retry: 3000\n\n'],
    [1500.9, 'retry: 1500\n\n'],
    [0.999, 'retry: 0\n\n'],
    [-0, 'retry: 0\n\n'],
    [-1, 'retry: 0\n\n'],
    [-0.5, 'retry: 0\n\n'],
    [-1e9, 'retry: 0\n\n'],
    [Number.NEGATIVE_INFINITY, 'retry: 0\n\n'],
    [Number.MAX_SAFE_INTEGER, 'retry: 9007199254740991\n\n'],
  ] as const)('encodeRetry(%d) is %j', ([ms, frame]) => {
    expect(encodeRetry(ms)).toBe(frame)
  })

  it('is read back as the floored value', () => {
    for (const ms of [0, 1, 999.99, 15_000, -5]) {
      expect(readText(encodeRetry(ms))).toStrictEqual([
        { kind: 'retry', ms: Math.max(0, Math.floor(ms)) },
      ])
    }
  })

  // Regression: `retry: NaN`, `retry: Infinity` and `retry: 1e+21` are not digits, so SSE
  // parsers dropped the hint.
  it.for([Number.NaN, Number.POSITIVE_INFINITY, 1e21])('writes only ASCII digits for %d', (ms) => {
    expect(encodeRetry(ms)).toMatch(/^retry: \d+\n\n$/)
  })
})
