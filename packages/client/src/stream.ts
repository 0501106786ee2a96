import {
  decodeEvent,
  Header,
  ProtocolError,
  type SluiceEvent,
  type SseMessage,
  type TerminalEvent,
} from '@sluice/protocol'
import type { ParseError } from 'eventsource-parser'
import { cancelStream } from './cancel-stream.js'
import { checkResponse, readEventStream } from './connection.js'
import { SluiceError } from './errors/sluice-error.js'
import { SluiceStreamError } from './errors/stream-error.js'
import { EventQueue } from './event-queue.js'
import type { JsonValue } from './json/index.js'
import { MetricsRecorder, type StreamMetrics } from './metrics.js'
import { notify } from './notify.js'
import type { ResolvedClientOptions } from './options.js'
import { type PersistTarget, StreamPersister } from './persistence/stream-persister.js'
import { connectionRequest, type StreamOrigin } from './requests.js'
import type { StreamCallbacks, StreamCursor, StreamResult, ToolCall } from './result.js'
import { classify, isTransportFailure, leavesStreamResumable } from './retry/classify.js'
import { decideRetry, type Failure } from './retry/decide-retry.js'
import { Sequencer } from './sequencer.js'
import { sleep } from './sleep.js'
import { announcedHeartbeatMs, StallWatchdog } from './stall-watchdog.js'
import {
  type JsonSnapshot,
  SnapshotSource,
  type StreamSnapshot,
  type StreamStatus,
} from './stream-snapshot.js'
import { type JsonView, StreamedJson } from './structured/json-view.js'
import { type StandardSchemaV1, validateWith } from './structured/standard-schema.js'
import { type PartialToolCall, ToolCalls } from './structured/tool-calls.js'

export interface StreamInit {
  callbacks?: StreamCallbacks
  /** Aborting it is `abort()`. */
  signal?: AbortSignal | undefined
  /** Keep the stream's state in a store while it runs. */
  persist?: PersistTarget | undefined
}

/** Largest single event the parser buffers; more is a broken or hostile server. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024

const noop = () => {}

/**
 * One generation, read over as many connections as it takes. Events reach the application
 * exactly once and in order, through callbacks, the async iterator, or both.
 *
 * Reconnects are always `GET`s from the cursor once the server has named the stream; before
 * that, the only retry is the same `POST` with the same `Idempotency-Key`, which the server
 * answers with the stream the first one started. So nothing the page does (being hidden, frozen,
 * restored from the back/forward cache, going offline) starts a second generation: a frozen
 * page's connection is resumed after it thaws, at the latest when the stall timer fires. Being
 * hidden does not pause reading; being offline makes reconnects wait for the network.
 *
 * An event cut off before its closing blank line, even the last one of a body, is incomplete
 * and discarded, as the SSE spec says; the resume that follows gets it again.
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
  readonly #metrics: MetricsRecorder
  readonly #toolCalls: ToolCalls
  /** The response as JSON, when the request asked for it (`responseFormat: {type: 'json'}`). */
  readonly #json: StreamedJson | undefined
  readonly #schema: StandardSchemaV1 | undefined
  readonly #persister: StreamPersister | undefined
  #identify: (known: boolean) => void = noop
  readonly #identified = new Promise<boolean>((resolve) => {
    this.#identify = resolve
  })
  #streamId: string | undefined
  #resumeToken: string | undefined
  #text: string
  #status: StreamStatus = 'connecting'
  #serverRetryMs: number | undefined
  /** The server's heartbeat interval: assumed, until a response announces it. */
  #heartbeatMs: number
  #terminal: TerminalEvent | undefined
  #blockIsNew = false
  #iterated = false
  /** Whether the current connection is a `GET` from the cursor. */
  #resuming = false
  #result: StreamResult | undefined
  #error: Error | undefined
  #resumable = false
  readonly #snapshots = new SnapshotSource(() => this.#buildSnapshot())
  /** Rebuilt only after they change, so that they keep their identity in the next snapshot. */
  #toolCallsSnapshot: readonly PartialToolCall[] | undefined
  #jsonSnapshot: JsonSnapshot | undefined

  constructor(
    options: ResolvedClientOptions,
    origin: StreamOrigin,
    { callbacks = {}, signal, persist }: StreamInit = {},
  ) {
    this.#options = options
    this.#origin = origin
    this.#callbacks = callbacks
    this.#metrics = new MetricsRecorder(options.now())
    this.#heartbeatMs = options.heartbeatMs
    const resumed = origin.kind === 'resume' ? origin : undefined
    this.#sequencer = new Sequencer(resumed?.cursor.lastSeq ?? 0)
    this.#text = resumed?.text ?? ''
    this.#toolCalls = new ToolCalls(resumed?.toolCalls)
    this.#json = origin.json ? new StreamedJson(origin.json.options) : undefined
    this.#json?.push(this.#text)
    this.#schema = origin.json?.schema
    if (resumed) this.#learnIdentity(resumed.cursor.streamId, resumed.cursor.resumeToken)
    this.#persister = persist && new StreamPersister(persist, options, this, this.#aborter.signal)
    const onCallerAbort = () => this.abort()
    if (signal?.aborted) this.#aborter.abort()
    else signal?.addEventListener('abort', onCallerAbort, { once: true })
    this.result = this.#run()
    this.result.finally(() => signal?.removeEventListener('abort', onCallerAbort)).catch(noop)
    // Callers that only use callbacks or the iterator must not see an unhandled rejection.
    this.result.catch(noop)
  }

  /** The text so far (including `text` given to `resume()`, or persisted before a reload). */
  get text(): string {
    return this.#text
  }

  get status(): StreamStatus {
    return this.#status
  }

  /** The tool calls so far, their arguments as raw JSON text. */
  get toolCalls(): ToolCall[] {
    return this.#toolCalls.raw()
  }

  /** The tool calls so far with their arguments parsed as far as they go. */
  get partialToolCalls(): PartialToolCall[] {
    return this.#toolCalls.partial()
  }

  /** A tool call's arguments as they arrive: value, completed paths, errors. */
  toolCallArgs(toolCallId: string): JsonView | undefined {
    return this.#toolCalls.args(toolCallId)
  }

  /** The tool calls after each change (a slow consumer skips to the latest); ends with the stream. */
  toolCallUpdates(): AsyncIterable<PartialToolCall[]> {
    return this.#toolCalls.values()
  }

  /** The JSON response as it arrives; undefined unless the request asked for JSON. */
  get json(): JsonView | undefined {
    return this.#json
  }

  /**
   * The JSON response's value after each change, ending with the final value (a slow consumer
   * skips to the latest). Throws `invalid-argument` unless the request asked for JSON.
   */
  partialJson(): AsyncIterable<JsonValue | undefined> {
    if (!this.#json) {
      throw new SluiceError(
        'invalid-argument',
        "partialJson() needs responseFormat: {type: 'json'}",
      )
    }
    return this.#json.values()
  }

  get metrics(): StreamMetrics {
    return this.#metrics.snapshot()
  }

  /**
   * The stream's state now, for renderers (`useSyncExternalStore` and the like): the same object
   * until something changes.
   */
  getSnapshot(): StreamSnapshot {
    return this.#snapshots.get()
  }

  /**
   * Calls `listener` after every change of the snapshot (each event, each status change), with
   * no argument: read `getSnapshot()`. Returns the unsubscribe function.
   */
  subscribe(listener: () => void): () => void {
    return this.#snapshots.subscribe(listener)
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

  /**
   * Stops reading. The server keeps generating; the stream can be resumed from `cursor`, and a
   * persisted stream stays persisted (saved at once) for `resumePersisted()`.
   */
  abort(): void {
    this.#aborter.abort()
  }

  /**
   * Asks the server to stop the generation. Reading goes on until the stream's `stream-end`
   * (finish reason `cancelled`, or what it ended with first) arrives.
   */
  async cancel(): Promise<void> {
    if (this.#terminal || !(await this.#identified) || this.#terminal) return
    await cancelStream(this.#options, this.cursor as StreamCursor, this.#stallTimeoutMs())
  }

  async #run(): Promise<StreamResult> {
    try {
      const terminal = await this.#readUntilTerminal()
      if (terminal.type === 'error') {
        const { code, message, retryable } = terminal.data
        throw new SluiceStreamError(code, message, retryable)
      }
      const parsed = this.#json?.finish()
      const json = parsed === undefined ? undefined : await validateWith(this.#schema, parsed)
      const result: StreamResult = {
        streamId: this.#streamId as string,
        text: this.#text,
        finishReason: terminal.data.finishReason,
        usage: terminal.data.usage,
        toolCalls: this.#toolCalls.finish(),
        ...(json === undefined ? {} : { json }),
      }
      this.#result = result
      this.#structuredSettled()
      this.#setStatus('done')
      this.#persister?.end()
      this.#queue.end()
      notify(this.#callbacks.onFinish, result)
      return result
    } catch (error) {
      this.#error = error as Error
      this.#resumable = this.#aborter.signal.aborted || leavesStreamResumable(error)
      this.#structuredSettled()
      this.#setStatus('error')
      if (this.#resumable) this.#persister?.keep()
      else this.#persister?.end()
      this.#identify(false)
      this.#queue.fail(error)
      this.#json?.fail(error)
      this.#toolCalls.fail(error)
      notify(this.#callbacks.onError, error as Error)
      throw error
    }
  }

  /** Connects, and reconnects from the cursor, until the terminal event arrives. */
  async #readUntilTerminal(): Promise<TerminalEvent> {
    let failures = 0
    for (let connection = 0; ; connection++) {
      await this.#untilOnline()
      if (connection > 0) this.#metrics.metrics.reconnects++
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
      this.#setStatus('reconnecting')
      // Progress means the connection was good: only failures in a row count against the limit.
      if (this.#sequencer.lastSeq > seqBefore) failures = 0
      // Offline, a broken connection says nothing about the server: wait for the network (at the
      // top of the loop) instead of spending an attempt and a backoff.
      if (isTransportFailure(failure) && !this.#options.connectivity.isOnline()) continue
      failures++
      const decision = decideRetry({
        failure,
        attempt: failures,
        policy: this.#options.retry,
        serverRetryMs: this.#serverRetryMs,
        random: this.#options.random,
      })
      if (!decision.retry) throw error
      await sleep(this.#options.timers, decision.delayMs, this.#aborter.signal)
      if (this.#aborter.signal.aborted) throw abortedError()
    }
  }

  async #untilOnline(): Promise<void> {
    const { connectivity } = this.#options
    if (connectivity.isOnline()) return
    await connectivity.waitUntilOnline(this.#aborter.signal)
    if (this.#aborter.signal.aborted) throw abortedError()
  }

  #stallTimeoutMs(): number {
    return this.#options.stallMultiplier * this.#heartbeatMs
  }

  async #connect(): Promise<void> {
    const connection = new AbortController()
    const abortConnection = () => connection.abort()
    this.#aborter.signal.addEventListener('abort', abortConnection, { once: true })
    let stalled = false
    const watchdog = new StallWatchdog(
      this.#options.timers,
      () => this.#stallTimeoutMs(),
      () => {
        stalled = true
        connection.abort()
      },
    )
    try {
      if (this.#aborter.signal.aborted) throw abortedError()
      watchdog.kick()
      const cursor = this.cursor
      this.#resuming = cursor !== undefined
      const { url, init } = await connectionRequest(this.#options, this.#origin, cursor)
      const response = await this.#options.fetch(url, { ...init, signal: connection.signal })
      await checkResponse(response, this.#options.now())
      // For this connection and the later ones: they reach the same server.
      this.#heartbeatMs = announcedHeartbeatMs(response) ?? this.#heartbeatMs
      watchdog.kick()
      const streamId = response.headers.get(Header.streamId)
      const resumeToken = response.headers.get(Header.resumeToken)
      if (streamId && resumeToken) this.#learnIdentity(streamId, resumeToken)
      if (!response.body) throw new SluiceError('protocol-error', 'The response has no body')
      this.#setStatus('streaming')
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
            this.#metrics.metrics.heartbeats++
          },
          onError: (error) => this.#onParseError(error),
        },
        maxBufferSize: MAX_EVENT_BYTES,
        onBytes: (bytes) => {
          watchdog.kick()
          this.#metrics.metrics.bytesReceived += bytes
        },
        isDone: () => this.#terminal !== undefined,
      })
    } catch (error) {
      throw stalled && !this.#aborter.signal.aborted
        ? new SluiceError(
            'stalled',
            `No byte for ${this.#stallTimeoutMs()} ms (${this.#options.stallMultiplier} heartbeat intervals)`,
          )
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
      this.#metrics.metrics.duplicatesDropped++
      this.#snapshots.changed()
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
    const metrics = this.#metrics.metrics
    metrics.eventsDelivered++
    if (this.#resuming) metrics.replayedEvents++
    // The stream's own state first: a throwing callback must not cost anything an event.
    let jsonChanged = false
    let toolCallId: string | undefined
    switch (event.type) {
      case 'stream-start':
        this.#learnIdentity(event.data.streamId, event.data.resumeToken)
        break
      case 'text-delta':
        this.#metrics.token(this.#options.now())
        this.#text += event.data.text
        jsonChanged = this.#json?.push(event.data.text) ?? false
        if (jsonChanged) this.#jsonSnapshot = undefined
        break
      case 'tool-call-delta':
        this.#metrics.token(this.#options.now())
        this.#toolCalls.add(event.data)
        this.#toolCallsSnapshot = undefined
        toolCallId = event.data.toolCallId
        break
      default:
        this.#terminal = event
    }
    this.#queue.push(event)
    this.#persister?.delivered(event.type === 'stream-start')
    this.#snapshots.changed()
    notify(this.#callbacks.onEvent, event)
    if (event.type === 'text-delta') notify(this.#callbacks.onText, event.data.text, this.#text)
    if (jsonChanged) notify(this.#callbacks.onJson, this.#json as JsonView)
    if (toolCallId && this.#callbacks.onToolCall) {
      notify(this.#callbacks.onToolCall, this.#toolCalls.partialOf(toolCallId) as PartialToolCall)
    }
  }

  #setStatus(status: StreamStatus): void {
    if (this.#status === status) return
    this.#status = status
    this.#snapshots.changed()
  }

  /** The parsers' final step can still complete a value (a number at the very end). */
  #structuredSettled(): void {
    this.#toolCallsSnapshot = undefined
    this.#jsonSnapshot = undefined
  }

  #snapshotJson(): JsonSnapshot | undefined {
    const json = this.#json
    if (!json) return undefined
    const { value, done, error } = json
    return { value, done, error, isComplete: (path) => json.isComplete(path) }
  }

  #buildSnapshot(): StreamSnapshot {
    this.#jsonSnapshot ??= this.#snapshotJson()
    this.#toolCallsSnapshot ??= this.#toolCalls.partial()
    return {
      status: this.#status,
      text: this.#text,
      json: this.#jsonSnapshot,
      toolCalls: this.#toolCallsSnapshot,
      metrics: this.#metrics.snapshot(),
      cursor: this.cursor,
      result: this.#result,
      error: this.#error,
      resumable: this.#resumable,
    }
  }

  #learnIdentity(streamId: string, resumeToken: string): void {
    this.#streamId = streamId
    this.#resumeToken = resumeToken
    this.#identify(true)
  }
}

function abortedError(): SluiceError {
  return new SluiceError('aborted', 'The stream was aborted')
}
