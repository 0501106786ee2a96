import { Header, SSE_CONTENT_TYPE } from '@sluice/protocol'
import { createParser, type ParserCallbacks } from 'eventsource-parser'
import { SluiceHttpError } from './errors/http-error.js'
import { SluiceError } from './errors/sluice-error.js'
import { parseRetryAfter } from './retry/retry-after.js'

/** Checks a response before its body is read; throws the error that describes it. */
export async function checkResponse(response: Response, now: number): Promise<void> {
  if (response.status === 204) {
    // [spec] 204 means "stop reconnecting": the server has nothing after this cursor.
    throw new SluiceError('stream-ended', 'The stream already ended at this cursor')
  }
  if (!response.ok) {
    const retryAfterMs = parseRetryAfter(response.headers.get(Header.retryAfter), now)
    const body = await readErrorBody(response)
    const message = body?.message ?? `The server answered ${response.status}`
    throw new SluiceHttpError(response.status, body?.code, message, retryAfterMs)
  }
  const type = response.headers.get(Header.contentType) ?? ''
  if (!type.toLowerCase().startsWith(SSE_CONTENT_TYPE)) {
    await response.body?.cancel().catch(() => {})
    throw new SluiceError(
      'invalid-content-type',
      `Expected ${SSE_CONTENT_TYPE}, got ${JSON.stringify(type)}: is a proxy answering instead of the server?`,
    )
  }
}

async function readErrorBody(response: Response) {
  try {
    const json = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
    const { code, message } = json.error ?? {}
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : undefined,
    }
  } catch {
    return undefined
  }
}

export interface ReadOptions {
  /** Parser callbacks; a callback that throws ends the read with that error. */
  callbacks: ParserCallbacks
  /** Largest event the parser may buffer. */
  maxBufferSize: number
  /** Called with the size of every chunk. */
  onBytes: (bytes: number) => void
  /** Returns true once the stream has what it needs (its terminal event). */
  isDone: () => boolean
}

/** One object for every chunk's decode rather than one each. */
const STREAMING = { stream: true }

/**
 * Reads an event-stream body through `eventsource-parser` until the body ends or `isDone()`.
 * One streaming decoder per response: a multi-byte character split across chunks survives.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, options: ReadOptions) {
  // The parser strips a BOM itself; the decoder must leave it in place.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const parser = createParser({ ...options.callbacks, maxBufferSize: options.maxBufferSize })
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        // [spec] an event whose blank line never came is incomplete and discarded, even if the
        // body ends right after its last field: the parser dispatches only on that blank line.
        // A terminal event lost so is not lost for good: the stream resumes from the last
        // complete event, and the server sends the terminal event again.
        parser.feed(decoder.decode())
        return
      }
      options.onBytes(value.byteLength)
      parser.feed(decoder.decode(value, STREAMING))
      if (options.isDone()) return
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}
