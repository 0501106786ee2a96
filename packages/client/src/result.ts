import type { FinishReason, SluiceEvent, Usage } from '@sluice/protocol'
import type { JsonView } from './structured/json-view.js'
import type { FinishedToolCall, PartialToolCall } from './structured/tool-calls.js'

export interface ToolCall {
  toolCallId: string
  name: string | undefined
  /** The arguments' JSON text as received so far. */
  argsText: string
}

/** The outcome of a stream that ended with `stream-end`. */
export interface StreamResult {
  streamId: string
  text: string
  finishReason: FinishReason
  usage: Usage | undefined
  /** Every tool call, its arguments parsed (a `JsonParseError` fails the result otherwise). */
  toolCalls: FinishedToolCall[]
  /**
   * The JSON response, fully parsed (and, given a schema, what the schema makes of it); only for
   * requests with `responseFormat: {type: 'json'}`.
   */
  json?: unknown
}

/** Where a stream can be resumed from, e.g. after a page reload. */
export interface StreamCursor {
  streamId: string
  resumeToken: string
  /** Seq of the last event delivered. */
  lastSeq: number
}

export interface StreamCallbacks {
  /** Every event, once, in order. */
  onEvent?: (event: SluiceEvent) => void
  /** Each text delta, with the text so far. */
  onText?: (delta: string, text: string) => void
  /** A JSON response changed: `json.value` is the new best value, `json.isComplete(path)` says what is final. */
  onJson?: (json: JsonView) => void
  /** A tool call's arguments grew: the call with its arguments parsed so far. */
  onToolCall?: (call: PartialToolCall) => void
  /** The stream ended with `stream-end`. */
  onFinish?: (result: StreamResult) => void
  /** The stream failed for good (retries exhausted, a fatal answer, an `error` event, abort). */
  onError?: (error: Error) => void
}
