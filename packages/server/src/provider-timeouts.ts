import {
  type LanguageModelProvider,
  type ProviderCallOptions,
  ProviderError,
  type ProviderPart,
  type ProviderRequest,
} from '@sluice/provider'
import { type Alarm, type AlarmOwner, createAlarm, type Timers } from './timers.js'

export interface ProviderTimeouts {
  /** Longest wait for the first part. */
  firstPartMs: number
  /** Longest wait between two parts. */
  idleMs: number
  /** Longest the whole upstream call may take. */
  totalMs: number
  timers: Timers
}

/**
 * Call options that hand over the controller of `signal`: the deadlines abort it with their
 * timeout error rather than a controller of their own (an `AbortSignal` costs about half a
 * kilobyte per open stream).
 */
export interface StoppableCallOptions extends ProviderCallOptions {
  stop: AbortController
  /** Counts each part, in the same step as the deadlines (a layer of its own costs a promise). */
  meter?: PartMeter
}

/** Counts the parts of one stream. */
export interface PartMeter {
  /** The part, or the one that replaces it and ends the stream (a `length` finish). */
  count(part: ProviderPart): ProviderPart
}

/** What a part asked for with `TimedPartSource.request` is handed to: one call per request. */
export interface PartConsumer {
  part(next: IteratorResult<ProviderPart>): void
  fail(error: unknown): void
}

/**
 * The parts of one call under deadlines: an async iterator, and the same parts by callback
 * (`request`), with no promise between the deadlines and their consumer.
 */
export interface TimedPartSource extends AsyncIterableIterator<ProviderPart> {
  /** Asks for the next part, as `next()` does, handed to `consumer` when it comes. */
  request(consumer: PartConsumer): void
}

/** A provider under deadlines (see `withTimeouts`). */
export interface TimedProvider extends Omit<LanguageModelProvider, 'stream'> {
  stream(request: ProviderRequest, options: StoppableCallOptions): TimedPartSource
}

/**
 * The provider, with deadlines on its upstream: no first part within `firstPartMs`, no next part
 * within `idleMs`, or no end within `totalMs` aborts the call's `stop` controller with a
 * retryable `ProviderError('timeout')` (so the vendor's HTTP request closes), and fails with it.
 * The signal aborting, for whatever reason, fails the part awaited at once with its reason,
 * whether the provider heeds it or not.
 */
export function withTimeouts(
  provider: LanguageModelProvider,
  timeouts: ProviderTimeouts,
): TimedProvider {
  return {
    specificationVersion: provider.specificationVersion,
    id: provider.id,
    defaultModel: provider.defaultModel,
    stream: (request, { stop, meter }) => new TimedParts(provider, request, stop, meter, timeouts),
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }
const ignore = () => {}

/**
 * The provider's parts under the deadlines. Written out rather than as an async generator: a
 * generator layer costs a resume, an await and a yield (three promises) per part, and every
 * part of every stream passes here. A class rather than closures over one scope: every open
 * stream holds one while it waits. The part asked for is handed to its consumer, whom an abort
 * or a missed deadline fails at once, even if the provider never settles its own promise; one
 * callback pair for the stream's life rather than a race per part (which would leave a reaction
 * per part on one long-pending promise).
 */
class TimedParts implements TimedPartSource, AlarmOwner {
  // Started by the first request, as a generator's body would be.
  #source: AsyncIterator<ProviderPart> | undefined
  #ended = false
  #interruption: { reason: unknown } | undefined
  /** Who asked for the part awaited; cleared once it is handed its part or failure. */
  #consumer: PartConsumer | undefined
  #total: Alarm | undefined
  // One alarm at a time, armed while a part is awaited: no timer or signal per part. The one
  // for the parts after the first is made with the first part: an idle stream holds one.
  #deadline: Alarm
  #waitingForNext = false
  // The callbacks below are made once, not per part.
  // The stop fails the wait at once: a provider that ignores its signal cannot hold the stream
  // open. (A closure: Node wraps a listener object's `handleEvent` in a closure of its own.)
  readonly #onStop = () => this.#interrupt(this.stop.signal.reason)
  readonly #onPart = (next: IteratorResult<ProviderPart>) => {
    this.#deadline.disarm()
    // A part after an interruption is nobody's (its wait failed already): not counted.
    if (this.#interruption) return
    if (this.#ended) return this.#hand(DONE)
    if (next.done) this.#end()
    else if (this.meter) {
      const counted = this.meter.count(next.value)
      if (counted !== next.value) {
        // The replacement ends the stream: the provider is let go, later calls are done.
        this.#end()
        return this.#hand({ done: false, value: counted })
      }
    }
    this.#hand(next)
  }
  readonly #onError = (error: unknown) => {
    this.#end()
    this.#failWith(error)
  }

  constructor(
    private readonly provider: LanguageModelProvider,
    private readonly providerRequest: ProviderRequest,
    private readonly stop: AbortController,
    private readonly meter: PartMeter | undefined,
    private readonly timeouts: ProviderTimeouts,
  ) {
    this.#deadline = createAlarm(timeouts.timers, timeouts.firstPartMs, this)
  }

  ring(alarm: Alarm): void {
    const { firstPartMs, idleMs, totalMs } = this.timeouts
    if (alarm === this.#total) this.#timeout(`took longer than ${totalMs} ms`)
    else if (this.#waitingForNext) this.#timeout(`sent no next part in ${idleMs} ms`)
    else this.#timeout(`sent no first part in ${firstPartMs} ms`)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  next(): Promise<IteratorResult<ProviderPart>> {
    return new Promise((resolve, reject) => this.request({ part: resolve, fail: reject }))
  }

  request(consumer: PartConsumer): void {
    if (this.#ended) {
      consumer.part(DONE)
      return
    }
    const first = this.#source === undefined
    let source: AsyncIterator<ProviderPart>
    try {
      source = this.#source ??= this.#start()
    } catch (error) {
      // A provider that throws at the call fails the first request, as in a generator.
      this.#end()
      consumer.fail(error)
      return
    }
    if (this.#interruption) {
      consumer.fail(this.#interruption.reason)
      return
    }
    if (!first && !this.#waitingForNext) this.#waitForNext()
    this.#deadline.arm()
    this.#consumer = consumer
    try {
      source.next().then(this.#onPart, this.#onError)
    } catch (error) {
      this.#onError(error)
    }
  }

  #hand(next: IteratorResult<ProviderPart>): void {
    const consumer = this.#consumer
    this.#consumer = undefined
    consumer?.part(next)
  }

  #failWith(error: unknown): void {
    const consumer = this.#consumer
    this.#consumer = undefined
    consumer?.fail(error)
  }

  async return(): Promise<IteratorResult<ProviderPart>> {
    this.#end()
    return DONE
  }

  /** From the second part on, the deadline is `idleMs` after the part before. */
  #waitForNext(): void {
    const { timers, idleMs } = this.timeouts
    this.#deadline.dispose()
    this.#deadline = createAlarm(timers, idleMs, this)
    this.#waitingForNext = true
  }

  #start(): AsyncIterator<ProviderPart> {
    const { timeouts } = this
    const { signal } = this.stop
    if (!signal.aborted) signal.addEventListener('abort', this.#onStop, { once: true })
    this.#total = createAlarm(timeouts.timers, timeouts.totalMs, this)
    this.#total.arm()
    const upstream = this.provider.stream(this.providerRequest, { signal })
    if (signal.aborted) this.#interrupt(signal.reason)
    return upstream[Symbol.asyncIterator]()
  }

  /** Fails the part awaited and every later one with `reason`; the first reason sticks. */
  #interrupt(reason: unknown): void {
    this.#interruption ??= { reason }
    this.#failWith(this.#interruption.reason)
  }

  #timeout(message: string): void {
    const error = new ProviderError('timeout', `${this.provider.id} ${message}`, {
      retryable: true,
    })
    this.stop.abort(error)
    this.#interrupt(error)
  }

  #end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#total?.dispose()
    this.#deadline.dispose()
    this.stop.signal.removeEventListener('abort', this.#onStop)
    // Tells the provider we are done with it, without waiting for it. Its `return` may throw or
    // answer no promise (a hand-written iterator): the end must happen all the same.
    try {
      Promise.resolve(this.#source?.return?.()).catch(ignore)
    } catch {
      // Nothing to do: the provider is let go either way.
    }
  }
}
