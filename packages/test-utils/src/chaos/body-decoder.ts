/** How an HTTP/1.1 message delimits its body. */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** Until the connection closes (a response without length or chunking). */
  | { kind: 'close' }

export interface DecodeStep {
  /** Body bytes found in the input. */
  body: Uint8Array[]
  /** Input bytes that belong to this message; the rest starts the next one. */
  consumed: number
}

const LF = 0x0a
/** Longest chunk-size or trailer line accepted; more is not HTTP. */
const MAX_LINE_BYTES = 8 * 1024

type ChunkedState = 'size' | 'data' | 'data-end' | 'trailer' | 'done'

/**
 * Takes a message body's wire bytes in pieces of any size and yields the body bytes, so that
 * a body can be re-framed (and a fault applied to exactly its bytes) on the way through.
 */
export class BodyDecoder {
  #remaining: number
  #state: ChunkedState = 'size'
  #line = ''

  constructor(readonly framing: BodyFraming) {
    this.#remaining = framing.kind === 'length' ? framing.length : 0
  }

  /** Whether the body is complete. A `close` body is complete only when the input ends. */
  get done(): boolean {
    const { kind } = this.framing
    if (kind === 'length') return this.#remaining === 0
    if (kind === 'chunked') return this.#state === 'done'
    return kind === 'none'
  }

  push(input: Uint8Array): DecodeStep {
    if (this.framing.kind === 'close') return { body: [input], consumed: input.length }
    if (this.framing.kind === 'chunked') return this.#pushChunked(input)
    const take = Math.min(this.#remaining, input.length)
    this.#remaining -= take
    return { body: take > 0 ? [input.subarray(0, take)] : [], consumed: take }
  }

  #pushChunked(input: Uint8Array): DecodeStep {
    const body: Uint8Array[] = []
    let i = 0
    while (i < input.length && this.#state !== 'done') {
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, input.length - i)
        body.push(input.subarray(i, i + take))
        i += take
        this.#remaining -= take
        if (this.#remaining === 0) this.#state = 'data-end'
        continue
      }
      const end = input.indexOf(LF, i)
      const stop = end === -1 ? input.length : end + 1
      this.#line += Buffer.from(input.subarray(i, stop)).toString('latin1')
      i = stop
      if (this.#line.length > MAX_LINE_BYTES) throw new Error('Chunked framing: line too long')
      if (end === -1) continue
      const line = this.#line.trimEnd()
      this.#line = ''
      this.#lineDone(line)
    }
    return { body, consumed: i }
  }

  #lineDone(line: string): void {
    if (this.#state === 'data-end') {
      if (line !== '') throw new Error('Chunked framing: no CRLF after chunk data')
      this.#state = 'size'
    } else if (this.#state === 'trailer') {
      if (line === '') this.#state = 'done'
    } else {
      // [RFC 9112 §7.1] chunk-size in hex, then optional `;ext`.
      const size = Number.parseInt(line.split(';', 1)[0] as string, 16)
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(`Chunked framing: bad chunk size ${JSON.stringify(line)}`)
      }
      this.#remaining = size
      this.#state = size === 0 ? 'trailer' : 'data'
    }
  }
}

/** The chunk that ends a chunked body (no trailers). */
export const LAST_CHUNK: Uint8Array = Buffer.from('0\r\n\r\n')

/**
 * One chunk of `Transfer-Encoding: chunked`. A `declaredSize` larger than the bytes leaves the
 * chunk open, so that the connection can break mid-chunk, as a real cut does.
 */
export function encodeChunk(bytes: Uint8Array, declaredSize = bytes.length): Uint8Array[] {
  const head = Buffer.from(`${declaredSize.toString(16)}\r\n`)
  return declaredSize > bytes.length ? [head, bytes] : [head, bytes, Buffer.from('\r\n')]
}
