import type { SluiceEvent, TerminalEvent } from '@sluice/protocol'
import { cancelStream } from './cancel-stream.js'
import { SluiceError } from './errors/sluice-error.js'
import { SluiceStreamError } from './errors/stream-error.js'
import { EventQueue } from './event-queue.js'
import { EventReader, type EventSink } from './event-reader.js'
import type { JsonValue } from './json/index.js'
import { MetricsRecorder, type StreamMetrics } from './metrics.js'
import { notify } from './notify.js'
import type { ResolvedClientOptions } from './options.js'
import { type PersistTarget, StreamPersister } from './persistence/stream-persister.js'
import { readUntilTerminal } from './read-until-terminal.js'
import type { StreamOrigin } from './requests.js'
import type { StreamCallbacks, StreamCursor, StreamResult, ToolCall } from './result.js'
import { leavesStreamResumable } from './retry/classify.js'
import { Sequencer } from './sequencer.js'
import { StreamContent } from './stream-content.js'
import { SnapshotSource, type StreamSnapshot, type StreamStatus } from './stream-snapshot.js'
import type { JsonView } from './structured/json-view.js'
import type { PartialToolCall } from './structured/tool-calls.js'

export interface StreamInit {
  callbacks?: StreamCallbacks
  /** Aborting it is `abort()`. */
  signal?: AbortSignal | undefined
  /** Keep the stream's state in a store while it runs. */
  persist?: PersistTarget | undefined
}

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
  readonly #callbacks: StreamCallbacks
  readonly #aborter = new AbortController()
  readonly #queue = new EventQueue()
  readonly #sequencer: Sequencer
  readonly #metrics: MetricsRecorder
  readonly #content: StreamContent
  readonly #persister: StreamPersister | undefined
  readonly #reader: EventReader
  /** What the reader feeds: the stream's own state, kept out of its public API. */
  readonly #sink: EventSink = {
    cursor: () => this.cursor,
    terminal: () => this.#terminal,
    learnIdentity: (streamId, resumeToken) => this.#learnIdentity(streamId, resumeToken),
    setStatus: (status) => this.#setStatus(status),
    deliver: (event) => this.#deliver(event),
    metricsChanged: () => this.#snapshots.changed(),
  }
  #identify: (known: boolean) => void = noop
  readonly #identified = new Promise<boolean>((resolve) => {
    this.#identify = resolve
  })
  #streamId: string | undefined
  #resumeToken: string | undefined
  #status: StreamStatus = 'connecting'
  #terminal: TerminalEvent | undefined
  #iterated = false
  #result: StreamResult | undefined
  #error: Error | undefined
  #resumable = false
  readonly #snapshots = new SnapshotSource(() => this.#buildSnapshot())

  constructor(
    options: ResolvedClientOptions,
    origin: StreamOrigin,
    { callbacks = {}, signal, persist }: StreamInit = {},
  ) {
    this.#options = options
    this.#callbacks = callbacks
    this.#metrics = new MetricsRecorder(options.now())
    const resumed = origin.kind === 'resume' ? origin : undefined
    this.#sequencer = new Sequencer(resumed?.cursor.lastSeq ?? 0)
    this.#content = new StreamContent(origin)
    if (resumed) this.#learnIdentity(resumed.cursor.streamId, resumed.cursor.resumeToken)
    this.#persister = persist && new StreamPersister(persist, options, this, this.#aborter.signal)
    this.#reader = new EventReader(
      options,
      origin,
      this.#aborter.signal,
      this.#sequencer,
      this.#metrics,
      this.#sink,
    )
    const onCallerAbort = () => this.abort()
    if (signal?.aborted) this.#aborter.abort()
    else signal?.addEventListener('abort', onCallerAbort, { once: true })
    this.result = this.#run()
    // The catch also keeps callers that only use callbacks or the iterator from seeing an
    // unhandled rejection.
    this.result.finally(() => signal?.removeEventListener('abort', onCallerAbort)).catch(noop)
  }

  /** The text so far (including `text` given to `resume()`, or persisted before a reload). */
  get text(): string {
    return this.#content.text
  }

  get status(): StreamStatus {
    return this.#status
  }

  /** The tool calls so far, their arguments as raw JSON text. */
  get toolCalls(): ToolCall[] {
    return this.#content.toolCalls.raw()
  }

  /** The tool calls so far with their arguments parsed as far as they go. */
  get partialToolCalls(): PartialToolCall[] {
    return this.#content.toolCalls.partial()
  }

  /** A tool call's arguments as they arrive: value, completed paths, errors. */
  toolCallArgs(toolCallId: string): JsonView | undefined {
    return this.#content.toolCalls.args(toolCallId)
  }

  /** The tool calls after each change (a slow consumer skips to the latest); ends with the stream. */
  toolCallUpdates(): AsyncIterable<PartialToolCall[]> {
    return this.#content.toolCalls.values()
  }

  /** The JSON response as it arrives; undefined unless the request asked for JSON. */
  get json(): JsonView | undefined {
    return this.#content.json
  }

  /**
   * The JSON response's value after each change, ending with the final value (a slow consumer
   * skips to the latest). Throws `invalid-argument` unless the request asked for JSON.
   */
  partialJson(): AsyncIterable<JsonValue | undefined> {
    const json = this.#content.json
    if (!json) {
      throw new SluiceError(
        'invalid-argument',
        "partialJson() needs responseFormat: {type: 'json'}",
      )
    }
    return json.values()
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

  /**
   * Every event, once, in order, from the first (events are buffered until you iterate). Each is
   * equal to what `onEvent` got but not the same object. Its `data` is the object `onEvent` got,
   * except for a text delta whose data is `{ text }` alone: that one is rebuilt, equal.
   */
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
    await cancelStream(this.#options, this.cursor as StreamCursor, this.#reader.stallTimeoutMs())
  }

  async #run(): Promise<StreamResult> {
    try {
      const terminal = await readUntilTerminal({
        options: this.#options,
        signal: this.#aborter.signal,
        reader: this.#reader,
        sink: this.#sink,
        sequencer: this.#sequencer,
        metrics: this.#metrics,
      })
      if (terminal.type === 'error') {
        const { code, message, retryable } = terminal.data
        throw new SluiceStreamError(code, message, retryable)
      }
      const { toolCalls, json } = await this.#content.finish()
      const result: StreamResult = {
        streamId: this.#streamId as string,
        text: this.#content.text,
        finishReason: terminal.data.finishReason,
        usage: terminal.data.usage,
        toolCalls,
        ...(json === undefined ? {} : { json }),
      }
      this.#result = result
      this.#setStatus('done')
      this.#persister?.end()
      this.#queue.end()
      notify(this.#callbacks.onFinish, result)
      return result
    } catch (error) {
      this.#error = error as Error
      this.#resumable = this.#aborter.signal.aborted || leavesStreamResumable(error)
      this.#content.fail(error)
      this.#setStatus('error')
      if (this.#resumable) this.#persister?.keep()
      else this.#persister?.end()
      this.#identify(false)
      this.#queue.fail(error)
      notify(this.#callbacks.onError, error as Error)
      throw error
    }
  }

  #deliver(event: SluiceEvent): void {
    const content = this.#content
    const callbacks = this.#callbacks
    // The stream's own state first: a throwing callback must not cost anything an event.
    let jsonChanged = false
    let toolCallId: string | undefined
    switch (event.type) {
      case 'stream-start':
        this.#learnIdentity(event.data.streamId, event.data.resumeToken)
        break
      case 'text-delta':
        this.#metrics.token()
        jsonChanged = content.addText(event.data.text)
        break
      case 'tool-call-delta':
        this.#metrics.token()
        content.addToolCallDelta(event.data)
        toolCallId = event.data.toolCallId
        break
      default:
        this.#terminal = event
    }
    this.#queue.push(event)
    this.#persister?.delivered(event.type === 'stream-start')
    this.#snapshots.changed()
    // Only the callbacks given: `notify` costs an arguments array per call.
    if (callbacks.onEvent) notify(callbacks.onEvent, event)
    if (callbacks.onText && event.type === 'text-delta') {
      notify(callbacks.onText, event.data.text, content.text)
    }
    if (jsonChanged) notify(callbacks.onJson, content.json as JsonView)
    if (toolCallId && callbacks.onToolCall) {
      notify(callbacks.onToolCall, content.toolCalls.partialOf(toolCallId) as PartialToolCall)
    }
  }

  #setStatus(status: StreamStatus): void {
    if (this.#status === status) return
    this.#status = status
    this.#snapshots.changed()
  }

  #buildSnapshot(): StreamSnapshot {
    const content = this.#content
    return {
      status: this.#status,
      text: content.text,
      json: content.jsonSnapshot(),
      toolCalls: content.toolCallsSnapshot(),
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
