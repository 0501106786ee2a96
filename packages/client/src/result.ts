import type { FinishReason, SluiceEvent, Usage } from '@sluice/protocol'

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
  toolCalls: ToolCall[]
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
  /** The stream ended with `stream-end`. */
  onFinish?: (result: StreamResult) => void
  /** The stream failed for good (retries exhausted, a fatal answer, an `error` event, abort). */
  onError?: (error: Error) => void
}
