import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk'
import { ProviderError, type ProviderErrorCode, parseRetryAfter } from '@sluice/provider'

interface Mapping {
  code: ProviderErrorCode
  retryable: boolean
}

/**
 * Anthropic's `error.type`s, which arrive both in HTTP error bodies and in `event: error` after
 * HTTP 200, so one table serves both.
 */
const BY_TYPE: ReadonlyMap<string, Mapping> = new Map(
  Object.entries({
    invalid_request_error: { code: 'bad-request', retryable: false },
    authentication_error: { code: 'auth', retryable: false },
    permission_error: { code: 'auth', retryable: false },
    billing_error: { code: 'auth', retryable: false },
    // The usual cause is an unknown model name: a request error, not an outage.
    not_found_error: { code: 'bad-request', retryable: false },
    request_too_large: { code: 'bad-request', retryable: false },
    rate_limit_error: { code: 'rate-limited', retryable: true },
    timeout_error: { code: 'timeout', retryable: true },
    api_error: { code: 'upstream-error', retryable: true },
    overloaded_error: { code: 'overloaded', retryable: true },
  } satisfies Record<string, Mapping>),
)

/** For error bodies without a known `type` (a proxy's HTML page, an empty 502). */
function byStatus(status: number): Mapping {
  if (status === 401 || status === 403) return { code: 'auth', retryable: false }
  if (status === 408) return { code: 'timeout', retryable: true }
  if (status === 429) return { code: 'rate-limited', retryable: true }
  if (status === 529) return { code: 'overloaded', retryable: true }
  if (status >= 500) return { code: 'upstream-error', retryable: true }
  return { code: 'bad-request', retryable: false }
}

/** Replaces every occurrence of the key, so that no error, log line or event can carry it. */
export function redact(text: string, apiKey: string): string {
  return apiKey.length > 0 ? text.split(apiKey).join('[redacted]') : text
}

/** The cause only when it cannot leak the key, since error reporters print causes. */
function safeCause(error: unknown, apiKey: string): unknown {
  if (apiKey.length === 0 || !(error instanceof Error)) return error
  return mentions(error, apiKey, 0) ? undefined : error
}

/** Whether the error or any of its causes (JSON.stringify skips their messages) holds `text`. */
function mentions(error: unknown, text: string, depth: number): boolean {
  if (depth > 8 || error === undefined || error === null) return false
  if (!(error instanceof Error)) return String(JSON.stringify(error) ?? error).includes(text)
  const own = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`
  return own.includes(text) || mentions(error.cause, text, depth + 1)
}

function fromApiError(error: APIError, apiKey: string): ProviderError {
  const typed = error.type === null ? undefined : BY_TYPE.get(error.type)
  const mapping = typed ?? (error.status === undefined ? undefined : byStatus(error.status))
  // An `event: error` of an unknown type after HTTP 200: the stream broke upstream.
  const { code, retryable } = mapping ?? { code: 'upstream-error', retryable: true }
  const where = error.status === undefined ? 'in stream' : `HTTP ${error.status}`
  const detail = error.apiMessage ?? error.message
  const message = redact(`Anthropic ${where}: ${error.type ?? 'error'}: ${detail}`, apiKey)
  const retryAfterMs = retryable ? parseRetryAfter(error.headers) : undefined
  return new ProviderError(code, message, {
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    cause: safeCause(error, apiKey),
  })
}

/**
 * Normalises anything the SDK or the stream throws into a `ProviderError`; an abort is handled
 * by the caller before this. Never puts `apiKey` into the message or the cause.
 */
export function toProviderError(error: unknown, apiKey: string): ProviderError {
  if (ProviderError.is(error)) return error
  const cause = safeCause(error, apiKey)
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('timeout', 'Anthropic request timed out', { retryable: true, cause })
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError('upstream-error', 'Anthropic connection failed', {
      retryable: true,
      cause,
    })
  }
  if (error instanceof APIError) return fromApiError(error, apiKey)
  if (error instanceof SyntaxError) {
    return new ProviderError('malformed-response', 'Anthropic sent an event that is not JSON', {
      cause,
    })
  }
  // Mostly fetch's body errors (`TypeError: terminated`): the connection broke mid-stream.
  const detail = error instanceof Error ? error.message : String(error)
  return new ProviderError('upstream-error', redact(`Anthropic stream broke: ${detail}`, apiKey), {
    retryable: true,
    cause,
  })
}
