import { Header, SSE_CONTENT_TYPE } from '@sluice/protocol'
import { createParser, type ParserConfig } from 'eventsource-parser'
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
  /**
   * The parser's callbacks (one that throws ends the read with that error) and the largest
   * event it may buffer.
   */
  parser: ParserConfig & { maxBufferSize: number }
  /** Called with the size of every chunk. */
  onBytes: (bytes: number) => void
  /** Returns true once the stream has what it needs (its terminal event). */
  isDone: () => boolean
}

/**
 * Reads an event-stream body through `eventsource-parser` until the body ends or `isDone()`.
 * One streaming decoder per response: a multi-byte character split across chunks survives. A
 * chunk that ends in ASCII, with nothing pending from the chunks before, is decoded whole by a
 * second decoder instead, to the same text: Node's `TextDecoder` has a fast path only for a
 * decoder that never streamed (decoding 16 B chunks takes about a third less time), and nearly
 * every chunk of a body ends in ASCII.
 */
export async function readEventStream(body: ReadableStream<Uint8Array>, options: ReadOptions) {
  // The parser strips a BOM itself; the decoders must leave it in place.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const wholeDecoder = new TextDecoder('utf-8', { ignoreBOM: true })
  /** Whether the streaming decoder may hold the start of a character. */
  let pending = false
  const parser = createParser(options.parser)
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
      // An empty chunk counts as not ending in ASCII: the streaming decoder keeps its state.
      const endsInAscii = (value[value.length - 1] as number) < 0x80
      const text =
        pending || !endsInAscii
          ? decoder.decode(value, { stream: true })
          : wholeDecoder.decode(value)
      pending = !endsInAscii
      parser.feed(text)
      if (options.isDone()) return
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}
