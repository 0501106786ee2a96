import {
  type EventTypeName,
  FINISH_REASONS,
  type FinishReason,
  type SluiceEvent,
} from './events.js'
import { ProtocolError } from './protocol-error.js'
import { parseSeq } from './seq.js'

/** An SSE message as a parser hands it over (`eventsource-parser`'s `EventSourceMessage`). */
export interface SseMessage {
  id?: string | undefined
  event?: string | undefined
  data: string
}

type Json = Record<string, unknown>
type PayloadCheck = (data: Json) => string | undefined

const isString = (v: unknown): v is string => typeof v === 'string'
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function checkUsage(usage: unknown): string | undefined {
  if (usage === undefined) return undefined
  if (typeof usage !== 'object' || usage === null) return 'usage must be an object'
  const { inputTokens, outputTokens } = usage as Json
  return isCount(inputTokens) && isCount(outputTokens)
    ? undefined
    : 'usage.inputTokens and usage.outputTokens must be non-negative integers'
}

const checkTextDelta: PayloadCheck = (d) =>
  isString(d.text) ? undefined : 'text-delta needs a string text'

// Most frequent first: `knownType` searches them in this order.
const payloadChecks: Record<EventTypeName, PayloadCheck> = {
  'text-delta': checkTextDelta,
  'tool-call-delta': (d) =>
    isString(d.toolCallId) && isString(d.argsDelta) && (d.name === undefined || isString(d.name))
      ? undefined
      : 'tool-call-delta needs string toolCallId and argsDelta, and an optional string name',
  'stream-start': (d) =>
    [d.streamId, d.resumeToken, d.provider, d.model, d.createdAt].every(isString)
      ? undefined
      : 'stream-start needs string streamId, resumeToken, provider, model and createdAt',
  'stream-end': (d) =>
    FINISH_REASONS.includes(d.finishReason as FinishReason)
      ? checkUsage(d.usage)
      : `stream-end has an unknown finishReason ${JSON.stringify(d.finishReason)}`,
  error: (d) =>
    isString(d.code) && isString(d.message) && typeof d.retryable === 'boolean'
      ? undefined
      : 'error needs string code and message, and a boolean retryable',
}

/** Own keys only: `for...in` would also take a key someone made enumerable on Object.prototype. */
const typeNames = Object.keys(payloadChecks) as EventTypeName[]

/**
 * The checks' own key for `type`, so that kept events share one string instead of each its
 * parser's copy. A loop over the five keys, most frequent first (a text delta is found at the
 * first), not a Map: this runs for every event, on a type string the parser has just cut out,
 * which a Map would hash first.
 */
function knownType(type: string): EventTypeName | undefined {
  for (const known of typeNames) if (known === type) return known
  return undefined
}

export function isKnownEventType(type: string): type is EventTypeName {
  return knownType(type) !== undefined
}

/**
 * Turns a parsed SSE message into a typed event. Returns `undefined` for an event type this
 * version does not know (a newer server may add some; its seq still counts). Throws a
 * `ProtocolError` for a known event that is malformed.
 */
export function decodeEvent(message: SseMessage): SluiceEvent | undefined {
  if (message.id === undefined) {
    throw new ProtocolError('invalid-seq', `Event ${JSON.stringify(message.event)} has no id`)
  }
  return decodePayload(parseSeq(message.id), message.event ?? 'message', message.data)
}

/**
 * `decodeEvent` for a reader that has parsed the event's id already (to sequence it): the
 * event's seq, its type (`message` when it has none) and its data.
 */
export function decodePayload(seq: number, type: string, json: string): SluiceEvent | undefined {
  const known = knownType(type)
  return known && checked(seq, known, payloadChecks[known], json)
}

/**
 * A text delta as the reference server encodes it: `{"text":"..."}` with nothing in the string
 * that JSON escapes or forbids, which `JSON.parse` would turn into exactly `{ text: <the content> }`.
 * Anything else (an escape, whitespace, another field or key order) goes to `JSON.parse`, so
 * results and errors are the same; the test is about 5 times faster than `JSON.parse` on a token.
 * At most 12 characters: V8 copies a slice that short, while a longer one would point into the
 * data string, itself a slice of the whole network chunk, and keep that chunk alive as long as
 * the text is kept (the stream's text and its iterator keep every delta). `JSON.parse` copies.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids them unescaped in a string.
const BARE_TEXT_DELTA = /^\{"text":"[^"\\\0-\x1f]{0,12}"\}$/

/** `JSON.parse`, with a shortcut for a short bare text delta (`'{"text":"'` is 9 characters). */
export const parseJson = (json: string): unknown =>
  BARE_TEXT_DELTA.test(json) ? { text: json.slice(9, -2) } : JSON.parse(json)

function checked(seq: number, type: EventTypeName, check: PayloadCheck, json: string): SluiceEvent {
  let data: unknown
  try {
    data = parseJson(json)
  } catch (cause) {
    throw new ProtocolError('invalid-json', `Event ${seq} (${type}) has data that is not JSON`, {
      cause,
    })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ProtocolError('invalid-event', `Event ${seq} (${type}) data must be a JSON object`)
  }
  const problem = check(data as Json)
  if (problem) throw new ProtocolError('invalid-event', `Event ${seq}: ${problem}`)
  // A string, not `EventType.streamStart`: the client's bundle then leaves that object out.
  if ((type === 'stream-start') !== (seq === 1)) {
    throw new ProtocolError(
      'invalid-event',
      `Event 1, and only event 1, is stream-start (got ${type} at ${seq})`,
    )
  }
  return { seq, type, data } as SluiceEvent
}
