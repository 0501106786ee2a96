import { Header } from '@sluice/protocol'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ServerObserver } from '../observer.js'
import { safeCall } from '../safe-call.js'
import { ApiError } from './api-error.js'

/**
 * Answers every failure as a JSON error, reports it, and never sends a stack trace or an
 * internal message: anything that is not a deliberate `ApiError` is a 500 `internal-error`.
 */
export function errorHandler(observer: ServerObserver, onInternalError: (error: unknown) => void) {
  return (error: Error, c: Context) => {
    const refused = ApiError.is(error)
      ? error
      : error instanceof HTTPException && error.status < 500
        ? new ApiError(400, 'invalid-request', error.message)
        : undefined
    if (!refused) onInternalError(error)
    const answer = refused ?? new ApiError(500, 'internal-error', 'Internal server error')
    const status = refused && error instanceof HTTPException ? error.status : answer.status
    safeCall(observer.requestRefused, {
      status,
      code: answer.code,
      method: c.req.method,
      path: c.req.path,
    })
    // [RFC 9110] a 401 names the scheme that would be accepted.
    if (status === 401) c.header('WWW-Authenticate', 'Bearer')
    if (answer.retryAfterSeconds !== undefined) {
      c.header(Header.retryAfter, String(answer.retryAfterSeconds))
    }
    return c.json(answer.toBody(), status)
  }
}
