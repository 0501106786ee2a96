import {
  type CreateStreamRequest,
  decodeEvent,
  Header,
  JSON_CONTENT_TYPE,
  Path,
  ProtocolError,
  type SluiceEvent,
  SSE_CONTENT_TYPE,
  type SseMessage,
  type TerminalEvent,
} from '@sluice/protocol'
import type { ParseError } from 'eventsource-parser'
import { checkResponse, readEventStream } from './connection.js'
import { SluiceHttpError } from './errors/http-error.js'
import { SluiceError } from './errors/sluice-error.js'
import { SluiceStreamError } from './errors/stream-error.js'
import { EventQueue } from './event-queue.js'
import { emptyMetrics, type StreamMetrics } from './metrics.js'
import type { ResolvedClientOptions } from './options.js'
import type { StreamCallbacks, StreamCursor, StreamResult, ToolCall } from './result.js'
import { decideRetry, type Failure } from './retry/decide-retry.js'
import { isNetworkError } from './retry/network-error.js'
import { Sequencer } from './sequencer.js'
import { sleep } from './sleep.js'
import { StallWatchdog } from './stall-watchdog.js'

export type StreamStatus = 'connecting' | 'streaming' | 'reconnecting' | 'done' | 'error'

export type StreamOrigin =
  | { kind: 'start'; request: CreateStreamRequest; idempotencyKey: string }
  | { kind: 'resume'; cursor: StreamCursor; text: string }

/** Largest single event the parser buffers; more is a broken or hostile server. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024

const noop = () => {}

/**
 * One generation, read over as many connections as it takes. Events reach the application
 * exactly once and in order, through callbacks, the async iterator, or both.
 */
export class SluiceStream implements AsyncIterable<SluiceEvent> {
  /** Settles when the stream ends: the result on `stream-end`, a `SluiceError` otherwise. */
  readonly result: Promise<StreamResult>

  readonly #options: ResolvedClientOptions
  readonly #origin: StreamOrigin
  readonly #callbacks: StreamCallbacks
  readonly #aborter = new AbortController()
  readonly #queue = new EventQueue<SluiceEvent>()
  readonly #sequencer: Sequencer
  readonly #metrics = emptyMetrics()
  readonly #toolCalls = new Map<string, ToolCall>()
  readonly #startedAt: number
  #identify: (known: boolean) => void = noop
  readonly #identified = new Promise<boolean>((resolve) => {
    this.#identify = resolve
  })
  #streamId: string | undefined
  #resumeToken: string | undefined
  #text: string
  #status: StreamStatus = 'connecting'
  #serverRetryMs: number | undefined
  #terminal: TerminalEvent | undefined
  #blockIsNew = false
  #iterated = false

  constructor(
    options: ResolvedClientOptions,
    origin: StreamOrigin,
    callbacks: StreamCallbacks = {},
    signal?: AbortSignal,
  ) {
    this.#options = options
    this.#origin = origin
    this.#callbacks = callbacks
    this.#startedAt = options.now()
    const cursor = origin.kind === 'resume' ? origin.cursor : undefined
    this.#sequencer = new Sequencer(cursor?.lastSeq ?? 0)
    this.#text = origin.kind === 'resume' ? origin.text : ''
    if (cursor) this.#learnIdentity(cursor.streamId, cursor.resumeToken)
    const onCallerAbort = () => this.abort()
    if (signal?.aborted) this.#aborter.abort()
    else signal?.addEventListener('abort', onCallerAbort, { once: true })
    this.result = this.#run()
    this.result.finally(() => signal?.removeEventListener('abort', onCallerAbort)).catch(noop)
    // Callers that only use callbacks or the iterator must not see an unhandled rejection.
    this.result.catch(noop)
  }

  /** The text so far (including `text` given to `resume()`). */
  get text(): string {
    return this.#text
  }

  get status(): StreamStatus {
    return this.#status
  }

  get toolCalls(): ToolCall[] {
    return [...this.#toolCalls.values()].map((call) => ({ ...call }))
  }

  get metrics(): StreamMetrics {
    return { ...this.#metrics }
  }

  /** Where to resume from (persist it to survive a reload); undefined until the server named the stream. */
  get cursor(): StreamCursor | undefined {
    if (this.#streamId === undefined || this.#resumeToken === undefined) return undefined
    return {
      streamId: this.#streamId,
      resumeToken: this.#resumeToken,
      lastSeq: this.#sequencer.lastSeq,
    }
  }

  /** Every event, once, in order, from the first (events are buffered until you iterate). */
  [Symbol.asyncIterator](): AsyncIterator<SluiceEvent> {
    if (this.#iterated) {
      throw new SluiceError('already-iterated', 'A stream can be iterated only once')
    }
    this.#iterated = true
    return this.#queue.drain()
  }

  /** Stops reading. The server keeps generating; the stream can be resumed from `cursor`. */
  abort(): void {
    this.#aborter.abort()
  }

  /**
   * Asks the server to stop the generation. Reading goes on until the stream's `stream-end`
   * (finish reason `cancelled`, or what it ended with first) arrives.
   */
  async cancel(): Promise<void> {
    if (this.#terminal || !(await this.#identified) || this.#terminal) return
    const { streamId, resumeToken } = this.cursor as StreamCursor
    await this.#withRetries(async () => {
      const response = await this.#options.fetch(this.#url(Path.stream(streamId)), {
        method: 'DELETE',
        headers: await this.#headers({ [Header.authorization]: `Bearer ${resumeToken}` }),
      })
      // 404: the stream ended and expired meanwhile; nothing is left to stop.
      if (!response.ok && response.status !== 404)
        await checkResponse(response, this.#options.now())
      await response.body?.cancel()
    })
  }

  async #run(): Promise<StreamResult> {
    try {
      const terminal = await this.#readUntilTerminal()
      if (terminal.type === 'error') {
        const { code, message, retryable } = terminal.data
        throw new SluiceStreamError(code, message, retryable)
      }
      const result: StreamResult = {
        streamId: this.#streamId as string,
        text: this.#text,
        finishReason: terminal.data.finishReason,
        usage: terminal.data.usage,
        toolCalls: this.toolCalls,
      }
      this.#status = 'done'
      this.#queue.end()
      this.#callbacks.onFinish?.(result)
      return result
    } catch (error) {
      this.#status = 'error'
      this.#identify(false)
      this.#queue.fail(error)
      this.#callbacks.onError?.(error as Error)
      throw error
    }
  }

  /** Connects, and reconnects from the cursor, until the terminal event arrives. */
  async #readUntilTerminal(): Promise<TerminalEvent> {
    let failures = 0
    for (let connection = 0; ; connection++) {
      if (connection > 0) this.#metrics.reconnects++
      const seqBefore = this.#sequencer.lastSeq
      let failure: Failure
      let error: unknown
      try {
        await this.#connect()
        if (this.#terminal) return this.#terminal
        failure = { kind: 'truncated' }
        error = new SluiceError('truncated', 'The server ended the stream before its last event')
      } catch (caught) {
        if (this.#aborter.signal.aborted) throw abortedError()
        ;[failure, error] = classify(caught)
      }
      // Progress means the connection was good: only failures in a row count against the limit.
      failures = this.#sequencer.lastSeq > seqBefore ? 1 : failures + 1
      const decision = decideRetry({
        failure,
        attempt: failures,
        policy: this.#options.retry,
        serverRetryMs: this.#serverRetryMs,
        random: this.#options.random,
      })
      if (!decision.retry) throw error
      this.#status = 'reconnecting'
      await sleep(this.#options.timers, decision.delayMs, this.#aborter.signal)
      if (this.#aborter.signal.aborted) throw abortedError()
    }
  }

  async #connect(): Promise<void> {
    const connection = new AbortController()
    const abortConnection = () => connection.abort()
    this.#aborter.signal.addEventListener('abort', abortConnection, { once: true })
    let stalled = false
    const watchdog = new StallWatchdog(this.#options.timers, this.#options.stallTimeoutMs, () => {
      stalled = true
      connection.abort()
    })
    try {
      if (this.#aborter.signal.aborted) throw abortedError()
      watchdog.kick()
      const response = await this.#options.fetch(this.#connectionUrl(), {
        ...(await this.#connectionInit()),
        signal: connection.signal,
      })
      await checkResponse(response, this.#options.now())
      const streamId = response.headers.get(Header.streamId)
      const resumeToken = response.headers.get(Header.resumeToken)
      if (streamId && resumeToken) this.#learnIdentity(streamId, resumeToken)
      if (!response.body) throw new SluiceError('protocol-error', 'The response has no body')
      this.#status = 'streaming'
      await readEventStream(response.body, {
        callbacks: {
          onId: (id) => {
            this.#blockIsNew = this.#sequencer.accept(id)
          },
          onEvent: (message) => this.#onMessage(message),
          onRetry: (ms) => {
            this.#serverRetryMs = ms
          },
          onComment: () => {
            this.#metrics.heartbeats++
          },
          onError: (error) => this.#onParseError(error),
        },
        maxBufferSize: MAX_EVENT_BYTES,
        onBytes: (bytes) => {
          watchdog.kick()
          this.#metrics.bytesReceived += bytes
        },
        isDone: () => this.#terminal !== undefined,
      })
    } catch (error) {
      throw stalled && !this.#aborter.signal.aborted
        ? new SluiceError('stalled', `No data for ${this.#options.stallTimeoutMs} ms`)
        : error
    } finally {
      watchdog.stop()
      this.#aborter.signal.removeEventListener('abort', abortConnection)
    }
  }

  #onMessage(message: SseMessage): void {
    if (message.id === undefined) {
      throw new SluiceError('protocol-error', `Event "${message.event}" has no id`)
    }
    if (!this.#blockIsNew) {
      this.#metrics.duplicatesDropped++
      return
    }
    let event: SluiceEvent | undefined
    try {
      event = decodeEvent(message)
    } catch (error) {
      if (!ProtocolError.is(error)) throw error
      throw new SluiceError('protocol-error', error.message, { cause: error })
    }
    if (event) this.#deliver(event)
  }

  #onParseError(error: ParseError): void {
    // [spec] unknown fields and bad retry values are ignored; an endless event is not.
    if (error.type === 'max-buffer-size-exceeded') {
      throw new SluiceError('protocol-error', `An event exceeded ${MAX_EVENT_BYTES} bytes`)
    }
  }

  #deliver(event: SluiceEvent): void {
    this.#metrics.eventsDelivered++
    switch (event.type) {
      case 'stream-start':
        this.#learnIdentity(event.data.streamId, event.data.resumeToken)
        break
      case 'text-delta':
        this.#firstToken()
        this.#text += event.data.text
        break
      case 'tool-call-delta':
        this.#firstToken()
        this.#addToolCallDelta(event.data)
        break
      default:
        this.#terminal = event
    }
    this.#callbacks.onEvent?.(event)
    if (event.type === 'text-delta') this.#callbacks.onText?.(event.data.text, this.#text)
    this.#queue.push(event)
  }

  #addToolCallDelta(data: { toolCallId: string; name?: string; argsDelta: string }): void {
    const call = this.#toolCalls.get(data.toolCallId)
    if (call) {
      call.argsText += data.argsDelta
      call.name ??= data.name
    } else {
      const { toolCallId, name, argsDelta } = data
      this.#toolCalls.set(toolCallId, { toolCallId, name, argsText: argsDelta })
    }
  }

  #firstToken(): void {
    this.#metrics.timeToFirstTokenMs ??= this.#options.now() - this.#startedAt
  }

  #learnIdentity(streamId: string, resumeToken: string): void {
    this.#streamId = streamId
    this.#resumeToken = resumeToken
    this.#identify(true)
  }

  /** Resume from the cursor once the stream is known; until then, (re)start it. */
  #connectionUrl(): string {
    return this.#url(this.cursor ? Path.stream(this.cursor.streamId) : Path.streams)
  }

  async #connectionInit(): Promise<RequestInit> {
    const accept = { Accept: SSE_CONTENT_TYPE }
    const cursor = this.cursor
    if (cursor) {
      return {
        method: 'GET',
        headers: await this.#headers({
          ...accept,
          [Header.lastEventId]: String(cursor.lastSeq),
          [Header.authorization]: `Bearer ${cursor.resumeToken}`,
        }),
      }
    }
    if (this.#origin.kind !== 'start') throw new Error('unreachable: a resume starts with a cursor')
    // Before the server has named the stream there is nothing to resume. Sending the POST again
    // is safe only because it carries the same Idempotency-Key: the server replays the stream
    // that the first POST started instead of calling the model twice.
    return {
      method: 'POST',
      headers: await this.#headers({
        ...accept,
        [Header.contentType]: JSON_CONTENT_TYPE,
        [Header.idempotencyKey]: this.#origin.idempotencyKey,
      }),
      body: JSON.stringify(this.#origin.request),
    }
  }

  async #headers(protocolHeaders: Record<string, string>): Promise<Headers> {
    const { headers } = this.#options
    const merged = new Headers(typeof headers === 'function' ? await headers() : headers)
    // Header names are case-insensitive: `set` replaces a custom `authorization` too.
    for (const [name, value] of Object.entries(protocolHeaders)) merged.set(name, value)
    return merged
  }

  #url(path: string): string {
    return `${this.#options.baseUrl}${path}`
  }

  async #withRetries(request: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request()
      } catch (caught) {
        const [failure, error] = classify(caught)
        const decision = decideRetry({
          failure,
          attempt,
          policy: this.#options.retry,
          random: this.#options.random,
        })
        if (!decision.retry) throw error
        // Not the reading's abort signal: stopping to read must not stop a cancel.
        await sleep(this.#options.timers, decision.delayMs, new AbortController().signal)
      }
    }
  }
}

function abortedError(): SluiceError {
  return new SluiceError('aborted', 'The stream was aborted')
}

/** Maps what a connection threw to a retry input and the error to surface if it is final. */
function classify(error: unknown): [Failure, unknown] {
  if (error instanceof SluiceHttpError) {
    return [{ kind: 'status', status: error.status, retryAfterMs: error.retryAfterMs }, error]
  }
  if (SluiceError.is(error)) {
    if (error.code === 'stalled') return [{ kind: 'stalled' }, error]
    return [{ kind: 'fatal' }, error]
  }
  if (isNetworkError(error)) {
    const message = error instanceof Error ? error.message : String(error)
    return [
      { kind: 'network' },
      new SluiceError('network-error', `Network error: ${message}`, { cause: error }),
    ]
  }
  return [{ kind: 'fatal' }, error]
}
