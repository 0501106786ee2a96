import type { StreamErrorCode } from '@sluice/protocol'
import { SluiceError } from './sluice-error.js'

/** The stream ended with a terminal `error` event (for example, the model failed). */
export class SluiceStreamError extends SluiceError {
  override name = 'SluiceStreamError'

  constructor(
    readonly streamCode: StreamErrorCode,
    message: string,
    /** Whether starting a new stream with the same request may succeed. */
    readonly retryable: boolean,
  ) {
    super('stream-error', message)
  }
}
