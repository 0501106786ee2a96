import { type LanguageModelProvider, ProviderError, type ProviderPart } from '@sluice/provider'
import type { Timers } from './timers.js'

export interface ProviderTimeouts {
  /** Longest wait for the first part. */
  firstPartMs: number
  /** Longest wait between two parts. */
  idleMs: number
  timers: Timers
}

/**
 * The provider, with deadlines on its upstream: no first part within `firstPartMs`, or no next
 * part within `idleMs`, aborts the upstream call (so the vendor's HTTP request closes) and fails
 * with a retryable `ProviderError('timeout')`. The generation's total time is the server's
 * `maxDurationMs`.
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
  { firstPartMs, idleMs, timers }: ProviderTimeouts,
): AsyncGenerator<ProviderPart, void, undefined> {
  const upstream = new AbortController()
  const forwardAbort = () => upstream.abort(signal.reason)
  if (signal.aborted) forwardAbort()
  else signal.addEventListener('abort', forwardAbort, { once: true })
  const parts = provider.stream(request, { signal: upstream.signal })[Symbol.asyncIterator]()
  let waited = 0
  try {
    for (;;) {
      const limit = waited++ === 0 ? firstPartMs : idleMs
      const next = await deadline(parts.next(), limit, timers, () => {
        const what = limit === firstPartMs && waited === 1 ? 'first part' : 'next part'
        const error = new ProviderError(
          'timeout',
          `${provider.id} sent no ${what} in ${limit} ms`,
          {
            retryable: true,
          },
        )
        upstream.abort(error)
        return error
      })
      if (next.done) return
      yield next.value
    }
  } finally {
    signal.removeEventListener('abort', forwardAbort)
    parts.return?.().catch(() => {})
  }
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
