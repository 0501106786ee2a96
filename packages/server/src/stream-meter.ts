import type { LanguageModelProvider, ProviderPart } from '@sluice/provider'
import type { ServerObserver, StreamInfo } from './observer.js'
import type { TerminalData } from './producer.js'
import { safeCall } from './safe-call.js'
import { LengthBudget, type StreamLengthLimits } from './stream-length.js'

/**
 * Watches one generation from the upstream call to its terminal event, for the start and end
 * reports (time to first token, tokens, duration), and holds it to the stream length limits.
 */
export class StreamMeter {
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

  /** `provider`, with every part of this stream counted and the stream length limited. */
  wrap(provider: LanguageModelProvider): LanguageModelProvider {
    return {
      ...provider,
      stream: (request, options) => this.#count(provider.stream(request, options)),
    }
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
   * Counts the parts, and cuts the stream short with a `length` finish (the protocol's "output
   * hit a length limit") as soon as a part goes past a length limit. Written out rather than as
   * an async generator, which costs three promises per part (see `withTimeouts`).
   */
  #count(parts: AsyncIterable<ProviderPart>): AsyncIterableIterator<ProviderPart> {
    const source = parts[Symbol.asyncIterator]()
    let cut = false
    const count = (next: IteratorResult<ProviderPart>): IteratorResult<ProviderPart> => {
      if (next.done) return next
      const part = next.value
      if (part.type === 'finish') {
        this.#usageTokens = part.usage?.outputTokens
        return next
      }
      this.#firstPartAt ??= performance.now()
      const limit = this.#budget.exceededBy(part)
      if (!limit) {
        this.#deltas++
        return next
      }
      safeCall(this.observer.streamTruncated, { streamId: this.info.streamId, limit })
      cut = true
      source.return?.().catch(() => {})
      return { done: false, value: { type: 'finish', finishReason: 'length' } }
    }
    const iterator: AsyncIterableIterator<ProviderPart> = {
      [Symbol.asyncIterator]: () => iterator,
      next: () => (cut ? Promise.resolve(DONE) : source.next().then(count)),
      async return() {
        cut = true
        await source.return?.()
        return DONE
      },
    }
    return iterator
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }
