/** The wire protocol version this package implements. */
export const PROTOCOL_VERSION = 1

/** Event names of protocol v1, `noun-action` style. */
export const EventType = {
  streamStart: 'stream-start',
  textDelta: 'text-delta',
  toolCallDelta: 'tool-call-delta',
  streamEnd: 'stream-end',
  error: 'error',
} as const

export type EventTypeName = (typeof EventType)[keyof typeof EventType]

/** Why a stream ended normally (`stream-end`). */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'cancelled'
  | 'timeout'

export const FINISH_REASONS: readonly FinishReason[] = [
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'cancelled',
  'timeout',
]

/** Codes carried by a terminal `error` event. */
export type StreamErrorCode =
  | 'upstream-error'
  | 'upstream-rate-limited'
  | 'upstream-overloaded'
  | 'upstream-auth'
  | 'upstream-bad-request'
  | 'upstream-timeout'
  | 'upstream-malformed'
  | 'producer-lost'
  | 'internal-error'

export interface Usage {
  inputTokens: number
  outputTokens: number
}

export interface StreamStartData {
  streamId: string
  resumeToken: string
  provider: string
  model: string
  /** ISO 8601 time at which the server accepted the stream. */
  createdAt: string
}

export interface TextDeltaData {
  text: string
}

export interface ToolCallDeltaData {
  toolCallId: string
  /** Present on the first delta of a tool call. */
  name?: string
  argsDelta: string
}

export interface StreamEndData {
  finishReason: FinishReason
  usage?: Usage
}

export interface ErrorData {
  code: StreamErrorCode
  message: string
  /** Whether retrying the whole request (a new stream) may succeed. */
  retryable: boolean
}

interface EventOf<T extends EventTypeName, D> {
  /** Per-stream sequence number: 1 for `stream-start`, then +1 per event, no gaps. */
  seq: number
  type: T
  data: D
}

export type StreamStartEvent = EventOf<'stream-start', StreamStartData>
export type TextDeltaEvent = EventOf<'text-delta', TextDeltaData>
export type ToolCallDeltaEvent = EventOf<'tool-call-delta', ToolCallDeltaData>
export type StreamEndEvent = EventOf<'stream-end', StreamEndData>
export type ErrorEvent = EventOf<'error', ErrorData>

export type SluiceEvent =
  | StreamStartEvent
  | TextDeltaEvent
  | ToolCallDeltaEvent
  | StreamEndEvent
  | ErrorEvent

export type TerminalEvent = StreamEndEvent | ErrorEvent

export function isTerminalEvent(event: SluiceEvent): event is TerminalEvent {
  return event.type === EventType.streamEnd || event.type === EventType.error
}
