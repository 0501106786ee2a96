import { ProviderError, parseRetryAfter } from '@sluice/provider'
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai'

/** Anything that looks like an OpenAI key, even one the adapter was not given (a gateway's). */
const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{4,}/g

/** Removes the key, and anything key-shaped, from text bound for a message or a log line. */
export function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey.length > 0 ? text.split(apiKey).join('[redacted]') : text
  return withoutKey.replace(KEY_PATTERN, '[redacted]')
}

/** A stand-in for the SDK error as `cause`: the SDK's message may quote the key. */
function safeCause(error: APIError, apiKey: string): Error {
  const cause = new Error(redact(error.message, apiKey))
  cause.name = error.constructor.name
  return cause
}

function fromStatus(error: APIError, message: string, cause: Error, model: string): ProviderError {
  const status = error.status ?? 0
  if (status === 401 || status === 403) {
    return new ProviderError('auth', `OpenAI rejected the credentials (${status}): ${message}`, {
      cause,
    })
  }
  if (status === 404) {
    return new ProviderError(
      'bad-request',
      `OpenAI model "${model}" was not found or this key has no access to it: ${message}`,
      { cause },
    )
  }
  if (status === 429) {
    // [OpenAI] a 429 `insufficient_quota` will not clear by waiting: the account is out of credit.
    const retryable = error.code !== 'insufficient_quota'
    const after = parseRetryAfter(error.headers)
    return new ProviderError('rate-limited', `OpenAI rate limit: ${message}`, {
      retryable,
      cause,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    })
  }
  if (status === 408)
    return new ProviderError('timeout', `OpenAI timed out: ${message}`, { retryable: true, cause })
  if (status === 503) {
    return new ProviderError('overloaded', `OpenAI is overloaded: ${message}`, {
      retryable: true,
      cause,
    })
  }
  if (status >= 500 || status === 409) {
    return new ProviderError('upstream-error', `OpenAI failed (${status}): ${message}`, {
      retryable: true,
      cause,
    })
  }
  return new ProviderError('bad-request', `OpenAI refused the request (${status}): ${message}`, {
    cause,
  })
}

/**
 * Maps whatever the SDK threw to a `ProviderError` whose message and cause never hold the key.
 * Call it only when the caller's signal is not aborted: an abort is not an upstream failure.
 */
export function toProviderError(error: unknown, apiKey: string, model: string): ProviderError {
  if (ProviderError.is(error)) {
    // Built from upstream text (a failed response's message): redact it like everything else.
    const message = redact(error.message, apiKey)
    if (message === error.message) return error
    const { code, retryable, retryAfterMs } = error
    return new ProviderError(code, message, {
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    })
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('timeout', 'OpenAI did not answer in time', { retryable: true })
  }
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) {
    const detail = redact(String(error.cause ?? error.message), apiKey)
    return new ProviderError('upstream-error', `Could not reach OpenAI: ${detail}`, {
      retryable: true,
    })
  }
  if (error instanceof APIError) {
    const message = redact(error.message, apiKey)
    const cause = safeCause(error, apiKey)
    // [OpenAI] no status: an `{"error": …}` data line inside a 200 stream, after output began.
    if (error.status === undefined) {
      const retryable = error.type !== 'invalid_request_error'
      return new ProviderError('upstream-error', `OpenAI failed mid-stream: ${message}`, {
        retryable,
        cause,
      })
    }
    return fromStatus(error, message, cause, model)
  }
  if (error instanceof SyntaxError || error instanceof OpenAIError) {
    const message = redact(error.message, apiKey)
    return new ProviderError('malformed-response', `OpenAI sent a malformed stream: ${message}`)
  }
  // A body read that fails (`TypeError: terminated`): the connection dropped mid-stream.
  const detail = redact(error instanceof Error ? error.message : String(error), apiKey)
  return new ProviderError('upstream-error', `OpenAI connection dropped mid-stream: ${detail}`, {
    retryable: true,
    // Not the original: whatever it quotes (a fetch wrapper's headers) could hold the key.
    cause: new Error(detail),
  })
}
