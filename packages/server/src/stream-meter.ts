import type { ProviderPart } from '@sluice/provider'
import type { ServerObserver, StreamInfo } from './observer.js'
import type { TerminalData } from './producer.js'
import type { PartMeter } from './provider-timeouts.js'
import { safeCall } from './safe-call.js'
import { LengthBudget, type StreamLengthLimits } from './stream-length.js'

/**
 * Watches one generation from the upstream call to its terminal event, for the start and end
 * reports (time to first token, tokens, duration), and holds it to the stream length limits.
 */
export class StreamMeter implements PartMeter {
  readonly #startedAt = performance.now()
  #firstPartAt: number | undefined
  #deltas = 0
  #usageTokens: number | undefined
  readonly #budget: LengthBudget

  constructor(
    readonly info: StreamInfo,
    private readonly observer: ServerObserver,
    limits: StreamLengthLimits,
  ) {
    this.#budget = new LengthBudget(limits)
    safeCall(observer.streamStarted, info)
  }

  /** Reports the end; `terminal` is the event the producer appended. */
  ended(terminal: TerminalData): void {
    const error = terminal.type === 'error'
    safeCall(this.observer.streamEnded, {
      ...this.info,
      outcome: error ? 'error' : terminal.data.finishReason,
      ...(error ? { errorCode: terminal.data.code } : {}),
      ...(this.#firstPartAt === undefined ? {} : { ttftMs: this.#firstPartAt - this.#startedAt }),
      tokens: this.#usageTokens ?? this.#deltas,
      durationMs: performance.now() - this.#startedAt,
    })
  }

  /**
   * Counts a part (the timed provider calls it for each); the `length` finish that replaces it
   * if it goes past a length limit.
   */
  count(part: ProviderPart): ProviderPart {
    if (part.type === 'finish') {
      this.#usageTokens = part.usage?.outputTokens
      return part
    }
    this.#firstPartAt ??= performance.now()
    const limit = this.#budget.exceededBy(part)
    if (!limit) {
      this.#deltas++
      return part
    }
    safeCall(this.observer.streamTruncated, { streamId: this.info.streamId, limit })
    return LENGTH_FINISH
  }
}

const LENGTH_FINISH: ProviderPart = { type: 'finish', finishReason: 'length' }
