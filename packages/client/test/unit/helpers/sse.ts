import {
  encodeEvent,
  type FinishReason,
  type SluiceEvent,
  type StreamErrorCode,
} from '@sluice/protocol'
import type { StreamCursor } from '../../../src/index.js'

export const STREAM_ID = 'str_1'
export const RESUME_TOKEN = 'tok_1'

// ---- events ---------------------------------------------------------------------------------

export function streamStart(): SluiceEvent {
  return {
    seq: 1,
    type: 'stream-start',
    data: {
      streamId: STREAM_ID,
      resumeToken: RESUME_TOKEN,
      provider: 'mock',
      model: 'mock-1',
      createdAt: '2030-01-01T00:00:00.000Z',
    },
  }
}

export function textDelta(seq: number, text: string): SluiceEvent {
  return { seq, type: 'text-delta', data: { text } }
}

export function toolCallDelta(
  seq: number,
  toolCallId: string,
  argsDelta: string,
  name?: string,
): SluiceEvent {
  const data = name === undefined ? { toolCallId, argsDelta } : { toolCallId, name, argsDelta }
  return { seq, type: 'tool-call-delta', data }
}

export function streamEnd(seq: number, finishReason: FinishReason = 'stop'): SluiceEvent {
  return { seq, type: 'stream-end', data: { finishReason } }
}

export function errorEvent(
  seq: number,
  code: StreamErrorCode,
  message: string,
  retryable: boolean,
): SluiceEvent {
  return { seq, type: 'error', data: { code, message, retryable } }
}

/** A whole stream: `stream-start`, one `text-delta` per piece, `stream-end` (seq 1 … n + 2). */
export function textStream(pieces: string[], finishReason: FinishReason = 'stop'): SluiceEvent[] {
  return [
    streamStart(),
    ...pieces.map((text, index) => textDelta(index + 2, text)),
    streamEnd(pieces.length + 2, finishReason),
  ]
}

/** One SSE frame per event, as the server writes them. */
export function frames(events: SluiceEvent[]): string[] {
  return events.map(encodeEvent)
}

// ---- bodies ---------------------------------------------------------------------------------

export type Chunk = string | Uint8Array

const encoder = new TextEncoder()

export function toBytes(chunk: Chunk): Uint8Array {
  return typeof chunk === 'string' ? encoder.encode(chunk) : chunk
}

/** How a scripted body ends after its chunks: cleanly, never, or with a (network) error. */
export type BodyEnd = 'close' | 'hang' | Error

/** A body that delivers each chunk as one read, then ends as told. */
export function bodyOf(chunks: Chunk[], end: BodyEnd = 'close'): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++]
      if (chunk !== undefined) return controller.enqueue(toBytes(chunk))
      if (end === 'close') return controller.close()
      if (end === 'hang') return new Promise<void>(() => {})
      controller.error(end)
    },
  })
}

/** A body the test writes to while the client reads it. */
export class ControlledBody {
  readonly stream: ReadableStream<Uint8Array>
  #controller!: ReadableStreamDefaultController<Uint8Array>
  #cancelled = false

  constructor() {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller
      },
      cancel: () => {
        this.#cancelled = true
      },
    })
  }

  /** Whether the reader cancelled the body (for example, after its terminal event). */
  get cancelled(): boolean {
    return this.#cancelled
  }

  write(...chunks: Chunk[]): void {
    for (const chunk of chunks) this.#controller.enqueue(toBytes(chunk))
  }

  close(): void {
    this.#controller.close()
  }

  error(error: unknown): void {
    this.#controller.error(error)
  }
}

// ---- responses ------------------------------------------------------------------------------

export const SSE_HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8' }
export const STREAM_HEADERS = { 'X-Stream-Id': STREAM_ID, 'X-Resume-Token': RESUME_TOKEN }

export interface SseResponseOptions {
  /** Send `X-Stream-Id` / `X-Resume-Token`, as a POST answer does. @defaultValue false */
  streamHeaders?: boolean
  headers?: Record<string, string>
  /** How the body ends after its chunks. @defaultValue 'close' */
  end?: BodyEnd
}

/** A `200 text/event-stream` response. */
export function sseResponse(
  body: Chunk[] | ReadableStream<Uint8Array>,
  { streamHeaders = false, headers, end = 'close' }: SseResponseOptions = {},
): Response {
  const stream = Array.isArray(body) ? bodyOf(body, end) : body
  return new Response(stream, {
    headers: { ...SSE_HEADERS, ...(streamHeaders ? STREAM_HEADERS : {}), ...headers },
  })
}

/** An error answer of the HTTP API: `{error: {code, message}}`. */
export function jsonError(
  status: number,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { code, message: `${code} (${status})` } }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** A bodiless answer with a status, such as `202` to a DELETE. */
export function statusResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers })
}

/** seq 1 stream-start, 2 "Hel", 3 "lo", 4 stream-end. */
export const HELLO_EVENTS = textStream(['Hel', 'lo'])
/** A client that has seen seq 1 and 2 of {@link HELLO_EVENTS}. */
export const HELLO_CURSOR: StreamCursor = {
  streamId: STREAM_ID,
  resumeToken: RESUME_TOKEN,
  lastSeq: 2,
}
/** What a server sends to a resume from {@link HELLO_CURSOR}. */
export const helloRest = () => sseResponse(frames(HELLO_EVENTS.slice(2)))
