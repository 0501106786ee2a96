import { ProtocolError } from '@sluice/protocol'
import { SluiceError } from './sluice-error.js'

/** What a protocol decoder threw, as the client reports it: its `ProtocolError`s are `protocol-error`. */
export function asClientError(error: unknown): unknown {
  return ProtocolError.is(error)
    ? new SluiceError('protocol-error', error.message, { cause: error })
    : error
}
