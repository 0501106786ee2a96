export type SluiceErrorCode =
  /** The connection failed or broke (after the retries the policy allows). */
  | 'network-error'
  /**
   * No byte arrived for `stallMultiplier` heartbeat intervals (after the retries the policy
   * allows).
   */
  | 'stalled'
  /**
   * The body ended without a terminal event, or with one missing its closing blank line (after
   * the allowed retries).
   */
  | 'truncated'
  /** The server answered with an error status: see `SluiceHttpError`. */
  | 'http-error'
  /** The server answered 200 with something that is not an event stream. */
  | 'invalid-content-type'
  /** A frame broke protocol v1. */
  | 'protocol-error'
  /** An event is missing: the server sent seq n + 2 or later after seq n. */
  | 'sequence-gap'
  /** The stream ended with an `error` event: see `SluiceStreamError`. */
  | 'stream-error'
  /** `abort()` was called, or the caller's signal aborted. */
  | 'aborted'
  /** A method was called with an argument it cannot use. */
  | 'invalid-argument'
  /** The stream's events can be iterated once. */
  | 'already-iterated'
  /** A resume from a cursor at the end of a finished stream: there is nothing left to read. */
  | 'stream-ended'
  /** The final JSON response does not match the schema given to `start()`. */
  | 'schema-mismatch'
  /** A JSON document is not valid JSON: see `JsonParseError`. */
  | 'invalid-json'

const marker = Symbol.for('sluice.client-error')

/** Base of every error the client raises. */
export class SluiceError extends Error {
  override name = 'SluiceError'
  readonly [marker] = true

  constructor(
    readonly code: SluiceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  /** Works across duplicate copies of this package, unlike `instanceof`. */
  static is(value: unknown): value is SluiceError {
    return typeof value === 'object' && value !== null && marker in value
  }
}
