import { createParser } from 'eventsource-parser'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SluiceError } from '../../src/index.js'
import { SseParser } from '../../src/sse-parser.js'

type Call =
  | ['id', string]
  | ['event', string | undefined, string, string]
  | ['retry', number]
  | ['comment']

function ours(chunks: string[], maxEventChars = 1024): Call[] {
  const calls: Call[] = []
  const parser = new SseParser(
    {
      onId: (id) => calls.push(['id', id]),
      onEvent: (id, type, data) => calls.push(['event', id, type, data]),
      onRetry: (ms) => calls.push(['retry', ms]),
      onComment: () => calls.push(['comment']),
    },
    maxEventChars,
  )
  for (const chunk of chunks) parser.feed(chunk)
  return calls
}

/** The same calls from `eventsource-parser`, the reference. */
function reference(chunks: string[]): Call[] {
  const calls: Call[] = []
  const parser = createParser({
    onId: (id) => calls.push(['id', id]),
    onEvent: ({ id, event, data }) => calls.push(['event', id, event ?? 'message', data]),
    onRetry: (ms) => calls.push(['retry', ms]),
    onComment: () => calls.push(['comment']),
  })
  for (const chunk of chunks) parser.feed(chunk)
  return calls
}

const value = fc.string({
  unit: fc.constantFrom('a', ' ', ':', 'é', '🌊', '\0', '7'),
  maxLength: 6,
})
const line = fc.oneof(
  fc.tuple(fc.constantFrom('data', 'event', 'id', 'retry', 'ID', 'dat', 'other'), value),
  fc.tuple(fc.constant(''), value).map(([, comment]) => [':', comment] as const),
  fc.stringMatching(/^\d{1,3}$/).map((digits) => ['retry', digits] as const),
  fc.constantFrom(['data', null], ['', null]),
)
const lineEnd = fc.constantFrom('\n', '\r', '\r\n')
const stream = fc.array(fc.tuple(line, lineEnd), { maxLength: 30 }).map((lines) =>
  lines
    .map(([[field, text], end]) => {
      if (text === null) return `${field}${end}`
      return field === ':' ? `:${text}${end}` : `${field}:${text}${end}`
    })
    .join(''),
)

function splitAt(text: string, cuts: number[]): string[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  return [0, ...offsets, text.length]
    .slice(1)
    .map((end, i, ends) => text.slice(i ? ends[i - 1] : 0, end))
}

describe('SseParser', () => {
  it('makes the same calls as eventsource-parser for any stream, split anywhere', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        expect(ours(splitAt(text, cuts))).toEqual(reference([text]))
      }),
      { seed: 10, numRuns: 2000 },
    )
  })

  it('passes an event without an id line without one, and the id of a block without data', () => {
    expect(ours(['data: a\n\nid: 2\n\nid: 3\nevent: e\ndata: b\n\n'])).toEqual([
      ['event', undefined, 'message', 'a'],
      ['id', '2'],
      ['id', '3'],
      ['event', '3', 'e', 'b'],
    ])
  })

  it('joins data lines with LF and strips one space after the colon', () => {
    expect(ours(['data:  x\ndata\ndata: y\n\n'])).toEqual([
      ['event', undefined, 'message', ' x\n\ny'],
    ])
  })

  it('treats CR then LF in a later chunk as one line end, not a blank line', () => {
    expect(ours(['data: a\r', '', '\ndata: b\r', '\n\r', '\n'])).toEqual([
      ['event', undefined, 'message', 'a\nb'],
    ])
  })

  it('drops an event the stream ends inside of', () => {
    expect(ours(['id: 1\ndata: a\n\nid: 2\ndata: b\n'])).toEqual([
      ['id', '1'],
      ['event', '1', 'message', 'a'],
    ])
  })

  it('fails with protocol-error when one event outgrows the limit, in one chunk or many', () => {
    for (const chunks of [
      [`data: ${'x'.repeat(20)}`],
      Array(30).fill('x'),
      ['data: 1234\n'.repeat(4)],
    ]) {
      let error: unknown
      try {
        ours(chunks, 16)
      } catch (caught) {
        error = caught
      }
      expect(SluiceError.is(error) && error.code).toBe('protocol-error')
    }
    expect(ours(['data: 1234567890\n\n'.repeat(3)], 16)).toHaveLength(3)
  })
})
