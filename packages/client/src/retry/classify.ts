import { SluiceHttpError } from '../errors/http-error.js'
import { SluiceError, type SluiceErrorCode } from '../errors/sluice-error.js'
import { type Failure, isRetryableStatus } from './decide-retry.js'
import { isNetworkError } from './network-error.js'

type TransportKind = 'network' | 'stalled' | 'truncated'

/** Failures of the way to the server, not of the stream on it: their codes and retry kinds. */
const TRANSPORT_KINDS: Partial<Record<SluiceErrorCode, TransportKind>> = {
  'network-error': 'network',
  stalled: 'stalled',
  truncated: 'truncated',
}

/** Maps what a connection threw to a retry input and the error to surface if it is final. */
export function classify(error: unknown): [Failure, unknown] {
  if (error instanceof SluiceHttpError) {
    return [{ kind: 'status', status: error.status, retryAfterMs: error.retryAfterMs }, error]
  }
  if (SluiceError.is(error)) return [{ kind: TRANSPORT_KINDS[error.code] ?? 'fatal' }, error]
  if (isNetworkError(error)) {
    const message = error instanceof Error ? error.message : String(error)
    return [
      { kind: 'network' },
      new SluiceError('network-error', `Network error: ${message}`, { cause: error }),
    ]
  }
  return [{ kind: 'fatal' }, error]
}

const transportKinds = new Set<Failure['kind']>(Object.values(TRANSPORT_KINDS))

/** Whether a failure came from the connection rather than from the server or the stream. */
export function isTransportFailure(failure: Failure): boolean {
  return transportKinds.has(failure.kind)
}

/**
 * Whether the stream on the server is likely intact after the error that ended the reading: a
 * transient failure the retry policy gave up on (the network, a stall, a 5xx) leaves it resumable
 * later, for example after a reload; an `error` event, a refusal or a broken protocol does not.
 */
export function leavesStreamResumable(error: unknown): boolean {
  if (!SluiceError.is(error)) return false
  if (error.code === 'http-error') return isRetryableStatus((error as SluiceHttpError).status)
  return TRANSPORT_KINDS[error.code] !== undefined
}
