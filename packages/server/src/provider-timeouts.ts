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

async function* timedParts(
  provider: LanguageModelProvider,
  request: Parameters<LanguageModelProvider['stream']>[0],
  signal: AbortSignal,
  { firstPartMs, idleMs, totalMs, timers }: ProviderTimeouts,
): AsyncGenerator<ProviderPart, void, undefined> {
  const upstream = new AbortController()
  const forwardAbort = () => upstream.abort(signal.reason)
  if (signal.aborted) forwardAbort()
  else signal.addEventListener('abort', forwardAbort, { once: true })
  const parts = new InterruptibleIterator(
    provider.stream(request, { signal: upstream.signal })[Symbol.asyncIterator](),
  )
  const timeout = (message: string) => {
    const error = new ProviderError('timeout', `${provider.id} ${message}`, { retryable: true })
    upstream.abort(error)
    parts.interrupt(error)
  }
  const total = timers.setTimeout(() => timeout(`took longer than ${totalMs} ms`), totalMs)
  // One alarm per generation, armed while a part is awaited: no timer or signal per part.
  const firstPart = createAlarm(timers, firstPartMs, () =>
    timeout(`sent no first part in ${firstPartMs} ms`),
  )
  const nextPart = createAlarm(timers, idleMs, () => timeout(`sent no next part in ${idleMs} ms`))
  try {
    for (let first = true; ; first = false) {
      const deadline = first ? firstPart : nextPart
      deadline.arm()
      const next = await parts.next()
      deadline.disarm()
      if (next.done) return
      yield next.value
    }
  } finally {
    timers.clearTimeout(total)
    firstPart.dispose()
    nextPart.dispose()
    signal.removeEventListener('abort', forwardAbort)
    parts.release()
  }
}
