import { type LanguageModelProvider, ProviderError, type ProviderPart } from '@sluice/provider'
import type { Timers } from './timers.js'

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
  const timeout = (message: string) => {
    const error = new ProviderError('timeout', `${provider.id} ${message}`, { retryable: true })
    upstream.abort(error)
    return error
  }
  const total = new AbortController()
  const totalTimer = timers.setTimeout(
    () => total.abort(timeout(`took longer than ${totalMs} ms`)),
    totalMs,
  )
  const parts = provider.stream(request, { signal: upstream.signal })[Symbol.asyncIterator]()
  try {
    for (let first = true; ; first = false) {
      const limit = first ? firstPartMs : idleMs
      const next = await deadline(untilAborted(parts.next(), total.signal), limit, timers, () =>
        timeout(`sent no ${first ? 'first' : 'next'} part in ${limit} ms`),
      )
      if (next.done) return
      yield next.value
    }
  } finally {
    timers.clearTimeout(totalTimer)
    signal.removeEventListener('abort', forwardAbort)
    parts.return?.().catch(() => {})
  }
}
/**
 * `promise`, or a rejection with the signal's reason once it aborts. The listener is removed as
 * soon as either settles: racing a promise that stays pending for the whole stream would keep
 * every part alive until the end.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** `promise`, or the error `onTimeout` makes if it does not settle within `ms`. */
function deadline<T>(promise: Promise<T>, ms: number, timers: Timers, onTimeout: () => Error) {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(onTimeout()), ms)
    promise.then(
      (value) => {
        timers.clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        timers.clearTimeout(timer)
        reject(error)
      },
    )
  })
}
