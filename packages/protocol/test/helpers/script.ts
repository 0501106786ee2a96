import {
  encodeComment,
  encodeEvent,
  encodeRetry,
  FINISH_REASONS,
  HEARTBEAT_FRAME,
  type SluiceEvent,
  type StreamErrorCode,
} from '../../src/index.js'
import type { Rng } from './prng.js'
import type { Observation } from './wire.js'

/**
 * Pieces that random texts are made of: ASCII, 2/3/4-byte UTF-8, ZWJ sequences, every SSE line
 * terminator, JSON-escaped characters, Unicode line separators, lone surrogate halves, NUL, BOM,
 * and SSE field look-alikes.
 */
export const TEXT_PIECES: readonly string[] = [
  'a',
  'Hello',
  ' world',
  'é',
  'ß',
  '€',
  '中文',
  '😀',
  '𝄞',
  '👩🏽‍💻',
  '\r',
  '\n',
  '\r\n',
  '\n\n',
  '\r\r',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '"',
  '\\',
  '\t',
  'data: x',
  'id: 999',
  'event: stream-end',
  'retry: 1',
  ': comment',
]

export function randomText(rng: Rng, maxPieces = 6): string {
  let text = ''
  for (let n = rng.int(0, maxPieces); n > 0; n--) text += rng.pick(TEXT_PIECES)
  return text
}

const ERROR_CODES: readonly StreamErrorCode[] = [
  'upstream-error',
  'upstream-rate-limited',
  'upstream-overloaded',
  'upstream-auth',
  'upstream-bad-request',
  'upstream-timeout',
  'upstream-malformed',
  'producer-lost',
  'internal-error',
]

function hex(rng: Rng, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += rng.int(0, 15).toString(16)
  return out
}

/** Every event shape after `stream-start`, with a `seq` that `buildScript` renumbers. */
function catalog(rng: Rng): SluiceEvent[] {
  const events: SluiceEvent[] = [
    { seq: 0, type: 'text-delta', data: { text: '' } },
    { seq: 0, type: 'text-delta', data: { text: TEXT_PIECES.join('') } },
    {
      seq: 0,
      type: 'tool-call-delta',
      data: { toolCallId: 'call_1', name: 'get_weather', argsDelta: '{"city":' },
    },
    { seq: 0, type: 'tool-call-delta', data: { toolCallId: 'call_1', argsDelta: '"Zürich 🌧"}' } },
    {
      seq: 0,
      type: 'tool-call-delta',
      data: {
        toolCallId: `call_${hex(rng, 8)}`,
        name: randomText(rng),
        argsDelta: randomText(rng),
      },
    },
    { seq: 0, type: 'tool-call-delta', data: { toolCallId: 'call_2', argsDelta: '' } },
  ]
  for (const finishReason of FINISH_REASONS) {
    events.push({ seq: 0, type: 'stream-end', data: { finishReason } })
    events.push({
      seq: 0,
      type: 'stream-end',
      data: {
        finishReason,
        usage: { inputTokens: rng.int(0, 100_000), outputTokens: rng.int(0, 100_000) },
      },
    })
  }
  events.push({
    seq: 0,
    type: 'stream-end',
    data: {
      finishReason: 'stop',
      usage: { inputTokens: 0, outputTokens: Number.MAX_SAFE_INTEGER },
    },
  })
  for (const code of ERROR_CODES) {
    events.push({
      seq: 0,
      type: 'error',
      data: { code, message: `${code}: ${randomText(rng)}`, retryable: rng.chance(0.5) },
    })
  }
  return events
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

export interface Script {
  /** The whole response body as the server writes it (LF line endings). */
  wire: string
  /** The events in the order they were encoded, seq 1..N. */
  events: SluiceEvent[]
  /** What a reader must observe, in order. */
  expected: Observation[]
}

/**
 * A response body with a leading `retry:` frame, heartbeats from the first byte on (including a
 * comment whose text tries to smuggle fields), `stream-start` as seq 1, then every other event
 * shape shuffled among random text deltas. (The codec does not enforce "terminal events end the
 * stream", so one body can carry every finish reason and error code.)
 */
export function buildScript(rng: Rng): Script {
  const start: SluiceEvent = {
    seq: 1,
    type: 'stream-start',
    data: {
      streamId: `str_${hex(rng, 32)}`,
      resumeToken: `rt_${hex(rng, 43)}`,
      provider: rng.pick(['mock', 'openai', 'anthropic']),
      model: rng.pick(['mock-1', 'gpt-x', 'claude-x', 'модель-😀']),
      createdAt: new Date(Date.UTC(2025, 0, 1) + rng.int(0, 1e9) * 1000).toISOString(),
    },
  }
  const rest = catalog(rng)
  for (let n = rng.int(5, 40); n > 0; n--) {
    rest.push({ seq: 0, type: 'text-delta', data: { text: randomText(rng) } })
  }
  shuffle(rest, rng)
  const events = [start, ...rest].map((event, i): SluiceEvent => ({ ...event, seq: i + 1 }))

  const retryMs = rng.int(0, 60_000) + rng.next()
  let wire = encodeRetry(retryMs)
  const expected: Observation[] = [{ kind: 'retry', ms: Math.floor(retryMs) }]
  const heartbeats = () => {
    for (let n = rng.chance(0.3) ? rng.int(1, 2) : 0; n > 0; n--) {
      if (rng.chance(0.1)) {
        wire += encodeComment('hb\r\nid: 999\rdata: {}\n')
        expected.push({ kind: 'comment', text: 'hb  id: 999 data: {} ' })
      } else {
        wire += HEARTBEAT_FRAME
        expected.push({ kind: 'comment', text: 'ping' })
      }
    }
  }
  for (const event of events) {
    heartbeats()
    wire += encodeEvent(event)
    expected.push({ kind: 'id', id: String(event.seq) }, { kind: 'event', event })
  }
  heartbeats()
  return { wire, events, expected }
}

export const LINE_ENDINGS = ['lf', 'crlf', 'cr', 'lf-with-bom'] as const
export type LineEnding = (typeof LINE_ENDINGS)[number]

/**
 * The same body as an intermediary might re-emit it: the encoder only writes LF, and JSON keeps
 * every CR and LF out of field values, so every LF in the wire is a line terminator and can be
 * swapped for CRLF or CR. `lf-with-bom` prefixes a UTF-8 BOM, which the SSE parser must strip.
 */
export function withLineEnding(wire: string, ending: LineEnding): string {
  if (wire.includes('\r')) throw new Error('encoded wire unexpectedly contains a raw CR')
  switch (ending) {
    case 'lf':
      return wire
    case 'crlf':
      return wire.replaceAll('\n', '\r\n')
    case 'cr':
      return wire.replaceAll('\n', '\r')
    case 'lf-with-bom':
      return `\uFEFF${wire}`
  }
}
