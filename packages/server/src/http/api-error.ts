import type { ApiErrorBody, ApiErrorCode, ApiErrorIssue } from '@sluice/protocol'

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503

const marker = Symbol.for('sluice.api-error')

/** A request the server refuses, answered as `{error: {code, message}}` with `status`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly [marker] = true

  constructor(
    readonly status: ApiErrorStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorIssue[],
    /** Sent as `Retry-After` (429, 503): when trying again may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }

  static is(value: unknown): value is ApiError {
    return typeof value === 'object' && value !== null && marker in value
  }

  toBody(): ApiErrorBody {
    const issues = this.issues === undefined ? {} : { issues: this.issues }
    return { error: { code: this.code, message: this.message, ...issues } }
  }
}
