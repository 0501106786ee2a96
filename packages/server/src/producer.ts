import type { FinishReason, SluiceEvent, StreamErrorCode, TerminalEvent } from '@sluice/protocol'
import {
  ProviderError,
  type ProviderErrorCode,
  type ProviderPart,
  type ProviderRequest,
} from '@sluice/provider'
import { AppendBatcher, type Unsequenced } from './append-batcher.js'
import type { PartMeter, TimedProvider } from './provider-timeouts.js'
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
 * One async function for the generation's whole life (not one per step): a stream that waits
 * for its first token holds every suspended one, with its promise and registers.
 */
export async function runProducer(input: ProducerInput): Promise<TerminalData> {
  const { store, streamId, provider, request, stop, meter } = input
  const { signal } = stop
  const log = new AppendBatcher(store, streamId, 1)
  let parts: AsyncIterator<ProviderPart> | undefined
  let terminal: TerminalData
  try {
    try {
      const options = meter ? { signal, stop, meter } : { signal, stop }
      parts = provider.stream(request, options)[Symbol.asyncIterator]()
      for (;;) {
        const next = await parts.next()
        if (next.done) {
          throw new ProviderError('malformed-response', `${provider.id} ended without a finish`)
        }
        const part = next.value
        if (part.type === 'finish') {
          const usage = part.usage === undefined ? {} : { usage: part.usage }
          terminal = { type: 'stream-end', data: { finishReason: part.finishReason, ...usage } }
          break
        }
        const full = log.push(toEvent(part))
        if (full) await full
      }
    } finally {
      // Tell the provider we are done with it (closes its upstream request), without waiting.
      parts?.return?.().catch(() => {})
    }
    await log.drain()
  } catch (error) {
    terminal = toTerminal(error, signal, (reported) => safeCall(input.onInternalError, reported))
  }
  try {
    await log.push(terminal)
    await log.drain()
  } catch (error) {
    safeCall(input.onInternalError, error)
  }
  input.ending?.ended(terminal)
  return terminal
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
