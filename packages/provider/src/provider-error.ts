export type ProviderErrorCode =
  | 'upstream-error'
  | 'rate-limited'
  | 'overloaded'
  | 'auth'
  | 'bad-request'
  | 'timeout'
  | 'malformed-response'

const marker = Symbol.for('sluice.provider-error')

/** An upstream failure, normalised across vendors. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  readonly [marker] = true
  readonly code: ProviderErrorCode
  /** Whether the same request may succeed if sent again. */
  readonly retryable: boolean
  /** The upstream's `Retry-After`, when it gave one. */
  readonly retryAfterMs: number | undefined

  constructor(
    code: ProviderErrorCode,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.code = code
    this.retryable = options.retryable ?? false
    this.retryAfterMs = options.retryAfterMs
  }

  /** Works across duplicate copies of this package, unlike `instanceof`. */
  static is(value: unknown): value is ProviderError {
    return typeof value === 'object' && value !== null && marker in value
  }
}
