import { SluiceError } from './sluice-error.js'

/** The server answered with an error status. */
export class SluiceHttpError extends SluiceError {
  override name = 'SluiceHttpError'

  constructor(
    readonly status: number,
    /** The `error.code` of the server's JSON body, when it sent one. */
    readonly apiCode: string | undefined,
    message: string,
    /** The server's `Retry-After`, in milliseconds. */
    readonly retryAfterMs: number | undefined,
  ) {
    super('http-error', message)
  }
}
