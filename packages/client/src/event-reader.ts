import {
  decodePayload,
  Header,
  type SluiceEvent,
  type SseMessage,
  type TerminalEvent,
} from '@sluice/protocol'
import type { ParseError } from 'eventsource-parser'
import { checkResponse, readEventStream } from './connection.js'
import { asClientError } from './errors/protocol-failure.js'
import { SluiceError } from './errors/sluice-error.js'
import type { MetricsRecorder } from './metrics.js'
import type { ResolvedClientOptions } from './options.js'
import { connectionRequest, type StreamOrigin } from './requests.js'
import type { StreamCursor } from './result.js'
import type { Sequencer } from './sequencer.js'
import { announcedHeartbeatMs, StallWatchdog } from './stall-watchdog.js'
import type { StreamStatus } from './stream-snapshot.js'

/** What the reader hands its events to: the stream, which keeps their state. */
export interface EventSink {
  /** Where the next connection resumes from; undefined until the server named the stream. */
  cursor(): StreamCursor | undefined
  terminal(): TerminalEvent | undefined
  learnIdentity(streamId: string, resumeToken: string): void
  setStatus(status: StreamStatus): void
  /** A new event, exactly once and in order. */
  deliver(event: SluiceEvent): void
  /**
   * A count the snapshot shows changed without an event: a duplicate dropped, a heartbeat, a
   * reconnect. (Bytes are not told: they come with the events that are.)
   */
  metricsChanged(): void
}

/** Largest single event the parser buffers; more is a broken or hostile server. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024

export const abortedError = (): SluiceError => new SluiceError('aborted', 'The stream was aborted')

/**
 * Reads a stream's connections one at a time: the request, the stall watchdog, the event-stream
 * parsing, exactly-once sequencing and decoding, and what the server tells about itself (its
 * heartbeat interval, its retry delay) for the connections after.
 */
export class EventReader {
  /** The server's `retry:` delay, once it sent one. */
  serverRetryMs: number | undefined
  readonly #options: ResolvedClientOptions
  readonly #origin: StreamOrigin
  readonly #signal: AbortSignal
  readonly #sequencer: Sequencer
  readonly #metrics: MetricsRecorder
  readonly #sink: EventSink
  /** The server's heartbeat interval: assumed, until a response announces it. */
  #heartbeatMs: number
  /** Whether the current connection is a `GET` from the cursor. */
  #resuming = false
  #blockIsNew = false

  constructor(
    options: ResolvedClientOptions,
    origin: StreamOrigin,
    signal: AbortSignal,
    sequencer: Sequencer,
    metrics: MetricsRecorder,
    sink: EventSink,
  ) {
    this.#options = options
    this.#origin = origin
    this.#signal = signal
    this.#sequencer = sequencer
    this.#metrics = metrics
    this.#sink = sink
    this.#heartbeatMs = options.heartbeatMs
  }

  stallTimeoutMs(): number {
    return this.#options.stallMultiplier * this.#heartbeatMs
  }

  /** Reads one connection until its body ends or the terminal event arrives. */
  async read(): Promise<void> {
    const options = this.#options
    const connection = new AbortController()
    const abortConnection = () => connection.abort()
    this.#signal.addEventListener('abort', abortConnection, { once: true })
    let stalled = false
    const watchdog = new StallWatchdog(options.timers, () => {
      stalled = true
      connection.abort()
    })
    try {
      if (this.#signal.aborted) throw abortedError()
      watchdog.start(options.now(), this.stallTimeoutMs())
      const cursor = this.#sink.cursor()
      this.#resuming = cursor !== undefined
      const { url, init } = await connectionRequest(options, this.#origin, cursor)
      const response = await options.fetch(url, { ...init, signal: connection.signal })
      await checkResponse(response, options.now())
      // For this connection and the later ones: they reach the same server.
      this.#heartbeatMs = announcedHeartbeatMs(response) ?? this.#heartbeatMs
      watchdog.start(options.now(), this.stallTimeoutMs())
      const streamId = response.headers.get(Header.streamId)
      const resumeToken = response.headers.get(Header.resumeToken)
      if (streamId && resumeToken) this.#sink.learnIdentity(streamId, resumeToken)
      if (!response.body) throw new SluiceError('protocol-error', 'The response has no body')
      this.#sink.setStatus('streaming')
      const metrics = this.#metrics.metrics
      await readEventStream(response.body, {
        parser: {
          onId: (id) => {
            this.#blockIsNew = this.#sequencer.accept(id)
          },
          onEvent: (message) => this.#onMessage(message),
          onRetry: (ms) => {
            this.serverRetryMs = ms
          },
          onComment: () => {
            metrics.heartbeats++
            this.#sink.metricsChanged()
          },
          onError: onParseError,
          maxBufferSize: MAX_EVENT_BYTES,
        },
        onBytes: (bytes) => {
          const now = options.now()
          watchdog.kick(now)
          this.#metrics.receivedAt = now
          metrics.bytesReceived += bytes
        },
        isDone: () => this.#sink.terminal() !== undefined,
      })
    } catch (error) {
      throw stalled && !this.#signal.aborted
        ? new SluiceError(
            'stalled',
            `No byte for ${this.stallTimeoutMs()} ms (${options.stallMultiplier} heartbeat intervals)`,
          )
        : error
    } finally {
      watchdog.stop()
      this.#signal.removeEventListener('abort', abortConnection)
    }
  }

  #onMessage({ id, event: type = 'message', data }: SseMessage): void {
    if (id === undefined) throw new SluiceError('protocol-error', `Event "${type}" has no id`)
    const metrics = this.#metrics.metrics
    if (!this.#blockIsNew) {
      metrics.duplicatesDropped++
      this.#sink.metricsChanged()
      return
    }
    let event: SluiceEvent | undefined
    try {
      // The sequencer has parsed this block's id already: its seq is the last one accepted.
      event = decodePayload(this.#sequencer.lastSeq, type, data)
    } catch (error) {
      throw asClientError(error)
    }
    if (!event) return
    metrics.eventsDelivered++
    if (this.#resuming) metrics.replayedEvents++
    this.#sink.deliver(event)
  }
}

function onParseError(error: ParseError): void {
  // [spec] unknown fields and bad retry values are ignored; an endless event is not.
  if (error.type === 'max-buffer-size-exceeded') {
    throw new SluiceError('protocol-error', `An event exceeded ${MAX_EVENT_BYTES} bytes`)
  }
}
