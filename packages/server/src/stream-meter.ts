import type { ProviderPart, ProviderRequest } from '@sluice/provider'
import type { ServerObserver, StreamInfo } from './observer.js'
import type { TerminalData } from './producer.js'
import type { StoppableCallOptions, TimedProvider } from './provider-timeouts.js'
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
  wrap(provider: TimedProvider): TimedProvider {
    return new MeteredProvider(provider, this)
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

  /** Counts a part; the `length` finish that replaces it if it goes past a length limit. */
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

/** A class rather than an object with a closure: every open stream holds one. */
class MeteredProvider implements TimedProvider {
  readonly specificationVersion
  readonly id: string
  readonly defaultModel: string

  constructor(
    private readonly provider: TimedProvider,
    private readonly meter: StreamMeter,
  ) {
    this.specificationVersion = provider.specificationVersion
    this.id = provider.id
    this.defaultModel = provider.defaultModel
  }

  stream(request: ProviderRequest, options: StoppableCallOptions): AsyncIterable<ProviderPart> {
    const parts = this.provider.stream(request, options)[Symbol.asyncIterator]()
    return new CountedParts(this.meter, parts)
  }
}

const LENGTH_FINISH: ProviderPart = { type: 'finish', finishReason: 'length' }

/**
 * The parts, counted, and cut short with a `length` finish (the protocol's "output hit a length
 * limit") as soon as a part goes past a length limit. Written out rather than as an async
 * generator, which costs three promises per part (see `withTimeouts`); a class rather than
 * closures over one scope, which every open stream would hold.
 */
class CountedParts implements AsyncIterableIterator<ProviderPart> {
  #cut = false
  readonly #count = (next: IteratorResult<ProviderPart>): IteratorResult<ProviderPart> => {
    if (next.done) return next
    const counted = this.meter.count(next.value)
    if (counted !== LENGTH_FINISH) return next
    this.#cut = true
    this.source.return?.().catch(() => {})
    return { done: false, value: counted }
  }

  constructor(
    private readonly meter: StreamMeter,
    private readonly source: AsyncIterator<ProviderPart>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<ProviderPart>> {
    return this.#cut ? Promise.resolve(DONE) : this.source.next().then(this.#count)
  }

  async return(): Promise<IteratorResult<ProviderPart>> {
    this.#cut = true
    await this.source.return?.()
    return DONE
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }
