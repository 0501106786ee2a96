export interface RetryPolicy {
  /** Failed attempts in a row after which the stream fails. @defaultValue 8 */
  maxAttempts: number
  /** Base of the backoff when the server sent no `retry:` hint. @defaultValue 1_000 */
  initialDelayMs: number
  /** Cap of the exponential backoff. @defaultValue 30_000 */
  maxDelayMs: number
  /** A `Retry-After` longer than this fails the stream instead of waiting. @defaultValue 120_000 */
  maxRetryAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
}

/** Why a connection attempt did not end with a terminal event. */
export type Failure =
  | { kind: 'network' }
  | { kind: 'stalled' }
  | { kind: 'truncated' }
  | { kind: 'status'; status: number; retryAfterMs?: number | undefined }
  | { kind: 'fatal' }

export interface RetryInput {
  failure: Failure
  /** Failed attempts in a row, this one included (1 for the first failure). */
  attempt: number
  policy: RetryPolicy
  /** The server's last `retry:` hint, if any. */
  serverRetryMs?: number | undefined
  /** Uniform in [0, 1). */
  random: () => number
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false }

// [spec] 408 Request Timeout, 425 Too Early, 429 Too Many Requests and every 5xx are
// transient; any other 4xx will fail the same way again.
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599)
}

/**
 * Whether and when to try again: full-jitter exponential backoff (a uniform delay between 0
 * and min(cap, base × 2^(attempt − 1))), where the base is the server's `retry:` hint if it sent
 * one, and a `Retry-After` is a floor.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { failure, attempt, policy } = input
  if (failure.kind === 'fatal') return { retry: false }
  if (failure.kind === 'status' && !isRetryableStatus(failure.status)) return { retry: false }
  if (attempt > policy.maxAttempts) return { retry: false }

  const retryAfterMs = failure.kind === 'status' ? failure.retryAfterMs : undefined
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { retry: false }

  const base = input.serverRetryMs ?? policy.initialDelayMs
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (attempt - 1))
  const jittered = Math.floor(input.random() * ceiling)
  return { retry: true, delayMs: Math.max(jittered, retryAfterMs ?? 0) }
}
