import { SluiceError } from './errors/sluice-error.js'

export interface SseHandlers {
  /** An event block's `id:`, before its event (also for a block without data). */
  onId(id: string): void
  /** An event: its `id:` if the block had one, its type (`message` by default) and data. */
  onEvent(id: string | undefined, type: string, data: string): void
  onRetry(ms: number): void
  onComment(): void
}

const LF = 10
const CR = 13
const SPACE = 32
const COLON = 58
/** The longest field name the protocol uses (`retry`, `event`), and its colon. */
const MAX_FIELD_PREFIX = 6

/**
 * An event-stream parser ([spec] "Interpreting an event stream"), for text already decoded
 * (the decoder strips the BOM). Lines end with CRLF, LF or CR, also split across chunks;
 * unknown fields and non-numeric `retry:` values are ignored. Unlike the spec's last event ID,
 * `id` is per block: an event without its own `id:` is passed without one. Ours rather than
 * `eventsource-parser`: the protocol uses four fields, and the client's size budget is tight.
 */
export class SseParser {
  #pending = ''
  /** The last chunk ended with CR: a LF at the start of the next one is its pair. */
  #afterCR = false
  #id: string | undefined
  #type: string | undefined
  #data: string | undefined
  readonly #handlers: SseHandlers
  readonly #maxEventChars: number

  constructor(handlers: SseHandlers, maxEventChars: number) {
    this.#handlers = handlers
    this.#maxEventChars = maxEventChars
  }

  feed(chunk: string): void {
    // A long line in many small chunks is joined once its end comes, not once per chunk.
    if (this.#pending && !/[\r\n]/.test(chunk)) {
      this.#pending += chunk
      this.#checkSize()
      return
    }
    const text = this.#pending + chunk
    let start = 0
    if (this.#afterCR && text) {
      this.#afterCR = false
      if (text.charCodeAt(0) === LF) start = 1
    }
    // The next LF and CR, searched again only once passed: each scan covers the text once.
    let lf = text.indexOf('\n', start)
    let cr = text.indexOf('\r', start)
    for (;;) {
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start)
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start)
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr
      if (end === -1) break
      if (start === end) this.#dispatch()
      else this.#line(text, start, end)
      start = end + 1
      if (text.charCodeAt(end) !== CR) continue
      if (start === text.length) this.#afterCR = true
      else if (text.charCodeAt(start) === LF) start++
    }
    this.#pending = text.slice(start)
    this.#checkSize()
  }

  #line(text: string, start: number, end: number): void {
    const nameLength = fieldNameLength(text, start, end)
    if (nameLength === 0) {
      this.#handlers.onComment()
      return
    }
    let valueStart = start + nameLength + 1
    if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++
    const value = valueStart < end ? text.slice(valueStart, end) : ''
    switch (nameLength) {
      case 4:
        if (!text.startsWith('data', start)) return
        this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`
        return
      case 5:
        if (text.startsWith('event', start)) this.#type = value
        else if (text.startsWith('retry', start) && /^\d+$/.test(value)) {
          this.#handlers.onRetry(Number(value))
        }
        return
      case 2:
        if (text.startsWith('id', start) && !value.includes('\0')) this.#id = value
    }
  }

  #dispatch(): void {
    const id = this.#id
    const data = this.#data
    const type = this.#type || 'message'
    this.#id = this.#type = this.#data = undefined
    if (id !== undefined) this.#handlers.onId(id)
    if (data !== undefined) this.#handlers.onEvent(id, type, data)
  }

  #checkSize(): void {
    if (this.#pending.length + (this.#data?.length ?? 0) > this.#maxEventChars) {
      throw new SluiceError('protocol-error', `An event exceeded ${this.#maxEventChars} characters`)
    }
  }
}

/** Up to the colon; a line without one is all name ([spec]). Longer names are not ours anyway. */
function fieldNameLength(text: string, start: number, end: number): number {
  const limit = Math.min(end, start + MAX_FIELD_PREFIX)
  for (let i = start; i < limit; i++) if (text.charCodeAt(i) === COLON) return i - start
  return end - start
}
