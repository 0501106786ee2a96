import { type LanguageModelProvider, ProviderError, type ProviderPart } from '@sluice/provider'
import { InterruptibleIterator } from './interruptible-iterator.js'
import { createAlarm, type Timers } from './timers.js'

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
 * The provider, with deadlines on its upstream: no first part within `firstPartMs`, no next part
 * within `idleMs`, or no end within `totalMs` aborts the upstream call (so the vendor's HTTP
 * request closes) and fails with a retryable `ProviderError('timeout')`.
 */
export function withTimeouts(
  provider: LanguageModelProvider,
  timeouts: ProviderTimeouts,
): LanguageModelProvider {
  return {
    specificationVersion: provider.specificationVersion,
    id: provider.id,
    defaultModel: provider.defaultModel,
    stream: (request, { signal }) => timedParts(provider, request, signal, timeouts),
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * The provider's parts under the deadlines. Written out rather than as an async generator: a
 * generator layer costs a resume, an await and a yield (three promises) per part, and every
 * part of every stream passes here.
 */
function timedParts(
  provider: LanguageModelProvider,
  request: Parameters<LanguageModelProvider['stream']>[0],
  signal: AbortSignal,
  { firstPartMs, idleMs, totalMs, timers }: ProviderTimeouts,
): AsyncIterableIterator<ProviderPart> {
  // Started by the first `next()`, as a generator's body would be.
  let parts: InterruptibleIterator<ProviderPart> | undefined
  let ended = false
  let waitingForFirst = true
  const upstream = new AbortController()
  const forwardAbort = () => upstream.abort(signal.reason)
  const timeout = (message: string) => {
    const error = new ProviderError('timeout', `${provider.id} ${message}`, { retryable: true })
    upstream.abort(error)
    parts?.interrupt(error)
  }
  let total: unknown
  // One alarm per generation, armed while a part is awaited: no timer or signal per part.
  const firstPart = createAlarm(timers, firstPartMs, () =>
    timeout(`sent no first part in ${firstPartMs} ms`),
  )
  const nextPart = createAlarm(timers, idleMs, () => timeout(`sent no next part in ${idleMs} ms`))
  const start = () => {
    if (signal.aborted) forwardAbort()
    else signal.addEventListener('abort', forwardAbort, { once: true })
    total = timers.setTimeout(() => timeout(`took longer than ${totalMs} ms`), totalMs)
    return new InterruptibleIterator(
      provider.stream(request, { signal: upstream.signal })[Symbol.asyncIterator](),
    )
  }
  const end = () => {
    if (ended) return
    ended = true
    timers.clearTimeout(total)
    firstPart.dispose()
    nextPart.dispose()
    signal.removeEventListener('abort', forwardAbort)
    parts?.release()
  }
  // The deadline of the part awaited; the callbacks below are made once, not per part.
  let deadline = firstPart
  const onPart = (next: IteratorResult<ProviderPart>) => {
    deadline.disarm()
    if (next.done) end()
    return next
  }
  const onError = (error: unknown) => {
    end()
    throw error
  }
  const iterator: AsyncIterableIterator<ProviderPart> = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (ended) return Promise.resolve(DONE)
      try {
        parts ??= start()
      } catch (error) {
        // A provider that throws at the call fails the first `next()`, as in a generator.
        end()
        return Promise.reject(error)
      }
      deadline = waitingForFirst ? firstPart : nextPart
      waitingForFirst = false
      deadline.arm()
      return parts.next().then(onPart, onError)
    },
    async return() {
      end()
      return DONE
    },
  }
  return iterator
}
