import { describe, expect, it } from 'vitest'
import { decodeEvent, encodeEvent, type SluiceEvent } from '../src/index.js'
import { cutsInsideCharacters, splitAt } from './helpers/chunking.js'
import { decodeUtf8, encodeUtf8 } from './helpers/utf8.js'
import { messagesOf, readChunks, readText, type WireItem } from './helpers/wire.js'

/** Texts that a naive `data: <raw text>` encoding would corrupt or let forge fields. */
const TRICKY_TEXTS: readonly [string, string][] = [
  ['CR', '\r'],
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['LF LF (blank line)', '\n\n'],
  ['CR CR', '\r\r'],
  ['trailing CR', 'line\r'],
  ['leading LF', '\nline'],
  ['U+2028 LINE SEPARATOR', 'a\u2028b'],
  ['U+2029 PARAGRAPH SEPARATOR', 'a\u2029b'],
  ['U+0085 NEXT LINE', 'a\u0085b'],
  ['emoji', '😀'],
  ['ZWJ emoji sequence', '👩🏽‍💻'],
  ['musical symbol G clef (non-BMP)', '𝄞'],
  ['lone high surrogate', '\uD800'],
  ['lone low surrogate', '\uDC00'],
  ['reversed surrogate pair', '\uDC00\uD800'],
  ['high surrogate before ASCII', 'x\uDBFFy'],
  ['NUL', '\u0000'],
  ['NUL in the middle', 'a\u0000b'],
  ['BOM at the start', '\uFEFFhello'],
  ['only a BOM', '\uFEFF'],
  ['empty', ''],
  ['spaces only', '   '],
  ['forged event', '\n\nevent: stream-end\ndata: {}\n\nid: 999\n'],
  ['forged event with CR', '\r\revent: stream-end\rdata: {}\r\rid: 999\r'],
  ['forged event with CRLF', '\r\n\r\nevent: error\r\ndata: {}\r\n\r\n'],
  ['data field', 'data: x'],
  ['retry field', 'retry: 1'],
  ['comment', ': comment'],
  ['id field', 'id: 0'],
  ['quotes and backslashes', '"\\"\\\\n'],
  ['JSON-looking text', '{"text":"x"}'],
  ['tab and control characters', '\t\u0001\u001f\u007f'],
]

const codeUnits = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))

const SSE_LINE_BREAK = /\r\n|\r|\n/

interface Single {
  message: { id?: string | undefined; event?: string | undefined; data: string }
  items: WireItem[]
}

/** Parses one frame and insists it is exactly one message with one id and nothing else. */
function parseSingle(items: WireItem[], seq: number): Single {
  expect(items.map((i) => i.kind)).toStrictEqual(['id', 'message'])
  expect(items[0]).toStrictEqual({ kind: 'id', id: String(seq) })
  const [message] = messagesOf(items)
  if (!message) throw new Error('no message')
  return { message, items }
}

function assertFrameShape(frame: string, seq: number, type: string): void {
  expect(frame.includes('\r')).toBe(false)
  expect(frame.endsWith('\n\n')).toBe(true)
  // Exactly three field lines and one blank line, under SSE's own definition of a line.
  const lines = frame.split(SSE_LINE_BREAK)
  expect(lines).toHaveLength(5)
  expect(lines[0]).toBe(`id: ${seq}`)
  expect(lines[1]).toBe(`event: ${type}`)
  expect(lines[2]?.startsWith('data: {')).toBe(true)
  expect(lines.slice(3)).toStrictEqual(['', ''])
}

/** Encodes, checks the frame, and decodes it three ways: as text, byte by byte, split chars. */
function roundTrip(event: SluiceEvent): SluiceEvent[] {
  const frame = encodeEvent(event)
  assertFrameShape(frame, event.seq, event.type)
  const bytes = encodeUtf8(frame)
  // The frame is valid UTF-8 as-is: nothing was replaced by U+FFFD on the way to bytes.
  expect(decodeUtf8(bytes)).toBe(frame)
  const readings = [
    readText(frame),
    readChunks(splitAt(bytes, bytes.keys())),
    readChunks(splitAt(bytes, cutsInsideCharacters(bytes))),
  ]
  return readings.map((items) => {
    const decoded = decodeEvent(parseSingle(items, event.seq).message)
    if (!decoded) throw new Error('decoded as an unknown event')
    return decoded
  })
}

describe('text payloads survive byte-exact and cannot forge SSE fields', () => {
  it.for(TRICKY_TEXTS)('text-delta: %s', ([, text]) => {
    const event: SluiceEvent = { seq: 7, type: 'text-delta', data: { text } }
    for (const decoded of roundTrip(event)) {
      expect(decoded).toStrictEqual(event)
      if (decoded.type !== 'text-delta') throw new Error(decoded.type)
      // Same UTF-16 code units, one by one (lone surrogates included), for a readable diff.
      expect(codeUnits(decoded.data.text)).toStrictEqual(codeUnits(text))
    }
  })

  it.for(TRICKY_TEXTS)('every other string field: %s', ([, text]) => {
    const events: SluiceEvent[] = [
      {
        seq: 1,
        type: 'stream-start',
        data: { streamId: text, resumeToken: text, provider: text, model: text, createdAt: text },
      },
      { seq: 2, type: 'tool-call-delta', data: { toolCallId: text, name: text, argsDelta: text } },
      { seq: 3, type: 'tool-call-delta', data: { toolCallId: 'c', argsDelta: text } },
      {
        seq: 4,
        type: 'error',
        data: { code: 'internal-error', message: text, retryable: false },
      },
    ]
    for (const event of events) {
      for (const decoded of roundTrip(event)) expect(decoded).toStrictEqual(event)
    }
  })

  it('escapes lone surrogates in the JSON, so the frame is well-formed UTF-8', () => {
    const frame = encodeEvent({ seq: 1, type: 'text-delta', data: { text: 'a\uD800b\uDFFF' } })
    expect(frame).toContain('"a\\ud800b\\udfff"')
    expect(frame).not.toContain('\uD800')
    expect(frame).not.toContain('\uDFFF')
    expect(decodeUtf8(encodeUtf8(frame))).toBe(frame)
  })

  it('escapes NUL, CR and LF, and leaves U+2028/U+2029 and the BOM literal', () => {
    const frame = encodeEvent({
      seq: 1,
      type: 'text-delta',
      data: { text: '\u0000\r\n\u2028\u2029\uFEFF' },
    })
    expect(frame).toBe(
      'id: 1\nevent: text-delta\ndata: {"text":"\\u0000\\r\\n\u2028\u2029\uFEFF"}\n\n',
    )
  })

  it('a forged frame in the text stays inside one event', () => {
    const text = '\n\nevent: stream-end\ndata: {}\n\nid: 999\n'
    const wire =
      encodeEvent({ seq: 2, type: 'text-delta', data: { text } }) +
      encodeEvent({ seq: 3, type: 'text-delta', data: { text: 'after' } })
    const items = readText(wire)
    expect(items.map((i) => i.kind)).toStrictEqual(['id', 'message', 'id', 'message'])
    expect(messagesOf(items).map((m) => [m.id, m.event])).toStrictEqual([
      ['2', 'text-delta'],
      ['3', 'text-delta'],
    ])
    expect(messagesOf(items).map((m) => decodeEvent(m))).toStrictEqual([
      { seq: 2, type: 'text-delta', data: { text } },
      { seq: 3, type: 'text-delta', data: { text: 'after' } },
    ])
  })
})
