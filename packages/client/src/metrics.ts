/**
 * What the client observed about one stream. Times in milliseconds; a token's time is when the
 * network chunk that carried it arrived (time spent in your callbacks is not counted).
 */
export interface StreamMetrics {
  /** From the start (or resume) call to the first text or tool-call delta. */
  timeToFirstTokenMs: number | undefined
  /** Text and tool-call deltas delivered (a delta is about one token of the model). */
  tokens: number
  /**
   * Tokens per second from the first token to the latest; `undefined` before the second token.
   */
  tokensPerSecond: number | undefined
  /** Mean time between two tokens; `undefined` before the second token. */
  meanInterTokenMs: number | undefined
  /** Longest time between two tokens (a stall, a reconnect); `undefined` before the second. */
  maxInterTokenMs: number | undefined
  /** Connections opened after the first one. */
  reconnects: number
  /**
   * Events delivered over a resume (a `GET` from the cursor: after a reconnect or a reload),
   * read from the stream's log on the server rather than generated again.
   */
  replayedEvents: number
  /** Events received again after a reconnect and dropped (already delivered). */
  duplicatesDropped: number
  /** Events delivered to the application. */
  eventsDelivered: number
  /** Heartbeat comments received. */
  heartbeats: number
  /** Body bytes received, over all connections. */
  bytesReceived: number
}

export function emptyMetrics(): StreamMetrics {
  return {
    timeToFirstTokenMs: undefined,
    tokens: 0,
    tokensPerSecond: undefined,
    meanInterTokenMs: undefined,
    maxInterTokenMs: undefined,
    reconnects: 0,
    replayedEvents: 0,
    duplicatesDropped: 0,
    eventsDelivered: 0,
    heartbeats: 0,
    bytesReceived: 0,
  }
}

/**
 * Keeps a stream's metrics. A token only counts and notes its time; the timings are derived from
 * those when read, for speed (a stream has thousands of tokens and few reads of its metrics).
 */
export class MetricsRecorder {
  /** The counters, kept up to date; the token timings in it are filled in by `snapshot()`. */
  readonly metrics = emptyMetrics()
  readonly #startedAt: number
  /**
   * When the latest chunk of the body arrived, which is when every token in it arrived: one
   * clock read per chunk rather than per token, for speed (a chunk carries hundreds of tokens).
   */
  receivedAt: number
  #firstTokenAt = 0
  #lastTokenAt = 0
  #maxInterTokenMs = 0

  constructor(startedAt: number) {
    this.#startedAt = this.receivedAt = startedAt
  }

  token(): void {
    const now = this.receivedAt
    if (this.metrics.tokens++ === 0) this.#firstTokenAt = now
    else if (now - this.#lastTokenAt > this.#maxInterTokenMs) {
      this.#maxInterTokenMs = now - this.#lastTokenAt
    }
    this.#lastTokenAt = now
  }

  /** A copy: the recorder's own object keeps changing. */
  snapshot(): StreamMetrics {
    const m = { ...this.metrics }
    if (m.tokens > 0) m.timeToFirstTokenMs = this.#firstTokenAt - this.#startedAt
    if (m.tokens > 1) {
      const sinceFirst = this.#lastTokenAt - this.#firstTokenAt
      m.meanInterTokenMs = sinceFirst / (m.tokens - 1)
      m.maxInterTokenMs = this.#maxInterTokenMs
      // Several tokens in one millisecond say nothing about the rate yet.
      m.tokensPerSecond = sinceFirst > 0 ? ((m.tokens - 1) * 1000) / sinceFirst : undefined
    }
    return m
  }
}
