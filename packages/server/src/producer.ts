import type { FinishReason, SluiceEvent, StreamErrorCode, TerminalEvent } from '@sluice/protocol'
import {
  ProviderError,
  type ProviderErrorCode,
  type ProviderPart,
  type ProviderRequest,
} from '@sluice/provider'
import { AppendBatcher, type Unsequenced } from './append-batcher.js'
import type {
  PartConsumer,
  PartMeter,
  TimedPartSource,
  TimedProvider,
} from './provider-timeouts.js'
import { safeCall } from './safe-call.js'
import type { StreamStore } from './store/stream-store.js'

/** Why the server stopped a producer; becomes the `stream-end` finish reason. */
export type StopReason = Extract<FinishReason, 'cancelled' | 'timeout'>

/** The reason a producer's `AbortController` is aborted with. */
export class ProducerStop extends Error {
  override readonly name = 'ProducerStop'
  constructor(readonly reason: StopReason) {
    super(`stream ${reason}`)
  }
}

const providerCodeToStreamCode: Record<ProviderErrorCode, StreamErrorCode> = {
  'upstream-error': 'upstream-error',
  'rate-limited': 'upstream-rate-limited',
  overloaded: 'upstream-overloaded',
  auth: 'upstream-auth',
  'bad-request': 'upstream-bad-request',
  timeout: 'upstream-timeout',
  'malformed-response': 'upstream-malformed',
}

export interface ProducerInput {
  store: StreamStore
  streamId: string
  /**
   * One that `withTimeouts` made: its parts fail the wait at once when `stop` aborts, so that a
   * provider that ignores its signal cannot hold the stream open.
   */
  provider: TimedProvider
  request: ProviderRequest
  /** Aborted to stop the generation: by the server, or by a deadline with its `ProviderError`. */
  stop: AbortController
  /** Told of the end before the producer's promise resolves. */
  ending?: { ended(terminal: TerminalData): void }
  /** Counts the parts and limits the stream's length. */
  meter?: PartMeter
  /** Called with unexpected (non-provider) errors, which clients only see as `internal-error`. */
  onInternalError: (error: unknown) => void
}

export type TerminalData = Unsequenced<TerminalEvent>

/**
 * Runs one generation to its end, appending each part to the log, then one terminal event
 * (`stream-start`, seq 1, is already in the log). Never rejects; resolves with the terminal
 * event it appended, or tried to: a store that refuses even that is reported as internal.
 */
export function runProducer(input: ProducerInput): Promise<TerminalData> {
  return new Promise((resolve, reject) => new Producer(input, resolve, reject).start())
}

/**
 * A generation driven by its parts' callbacks (`TimedPartSource.request`): each part goes to
 * the log in the turn it arrives, with no promise between the deadlines and the log.
 */
class Producer implements PartConsumer {
  readonly #log: AppendBatcher
  #parts: TimedPartSource | undefined
  #ending = false

  constructor(
    private readonly input: ProducerInput,
    private readonly resolve: (terminal: TerminalData) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.#log = new AppendBatcher(input.store, input.streamId, 1)
  }

  start(): void {
    const { provider, request, stop, meter } = this.input
    const { signal } = stop
    try {
      const options = meter ? { signal, stop, meter } : { signal, stop }
      this.#parts = provider.stream(request, options)
    } catch (error) {
      this.fail(error)
      return
    }
    this.#request()
  }

  part(next: IteratorResult<ProviderPart>): void {
    try {
      if (next.done) {
        const { id } = this.input.provider
        throw new ProviderError('malformed-response', `${id} ended without a finish`)
      }
      const part = next.value
      if (part.type === 'finish') {
        const usage = part.usage === undefined ? {} : { usage: part.usage }
        this.#end({ type: 'stream-end', data: { finishReason: part.finishReason, ...usage } })
        return
      }
      const full = this.#log.push(toEvent(part))
      // Only a full queue (a slow networked log) waits: closures then, none kept per stream.
      if (full)
        full.then(
          () => this.#request(),
          (error: unknown) => this.fail(error),
        )
      else this.#request()
    } catch (error) {
      this.fail(error)
    }
  }

  fail(error: unknown): void {
    this.#end(undefined, error)
  }

  #request(): void {
    try {
      this.#parts?.request(this)
    } catch (error) {
      this.fail(error)
    }
  }

  #end(terminal: TerminalData | undefined, error?: unknown): void {
    if (this.#ending) return
    this.#ending = true
    // Tell the provider we are done with it (closes its upstream request), without waiting.
    this.#parts?.return?.().catch(() => {})
    this.#appendEnd(terminal, error).then(this.resolve, this.reject)
  }

  async #appendEnd(finish: TerminalData | undefined, error: unknown): Promise<TerminalData> {
    const { input } = this
    let terminal = finish
    // What was queued is stored, or its failure taken, before the terminal event: a failure left
    // pending would be thrown by the terminal's own push, and the log would never end. For a
    // generation that finished, that failure is how it ends; one that failed ends as it failed.
    try {
      await this.#log.drain()
    } catch (failure) {
      if (terminal) {
        terminal = undefined
        error = failure
      } else safeCall(input.onInternalError, failure)
    }
    terminal ??= toTerminal(error, input.stop.signal, (reported) =>
      safeCall(input.onInternalError, reported),
    )
    try {
      await this.#log.push(terminal)
      await this.#log.drain()
    } catch (failure) {
      safeCall(input.onInternalError, failure)
    }
    input.ending?.ended(terminal)
    return terminal
  }
}

function toEvent(part: Exclude<ProviderPart, { type: 'finish' }>): Unsequenced<SluiceEvent> {
  if (part.type === 'text-delta') return { type: 'text-delta', data: { text: part.text } }
  const name = part.name === undefined ? {} : { name: part.name }
  return {
    type: 'tool-call-delta',
    data: { toolCallId: part.toolCallId, ...name, argsDelta: part.argsDelta },
  }
}

function toTerminal(
  error: unknown,
  signal: AbortSignal,
  report: (error: unknown) => void,
): TerminalData {
  // A deadline stops the generation with its timeout error: that is how it failed.
  const deadline = signal.aborted && ProviderError.is(signal.reason) ? signal.reason : undefined
  if (signal.aborted && !deadline) {
    const reason = signal.reason instanceof ProducerStop ? signal.reason.reason : 'cancelled'
    return { type: 'stream-end', data: { finishReason: reason } }
  }
  const failure = deadline ?? error
  if (ProviderError.is(failure)) {
    const code = providerCodeToStreamCode[failure.code]
    return {
      type: 'error',
      data: { code, message: failure.message, retryable: failure.retryable },
    }
  }
  report(error)
  // Unexpected errors may carry internals (paths, keys): the client gets a generic message.
  const message = 'The server failed while producing this stream'
  return { type: 'error', data: { code: 'internal-error', message, retryable: true } }
}
