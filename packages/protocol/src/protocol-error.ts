export type ProtocolErrorCode = 'invalid-seq' | 'invalid-event' | 'invalid-json' | 'invalid-cursor'

const marker = Symbol.for('sluice.protocol-error')

/** A frame or cursor that does not follow protocol v1. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'
  readonly [marker] = true

  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  /** Works across duplicate copies of this package, unlike `instanceof`. */
  static is(value: unknown): value is ProtocolError {
    return typeof value === 'object' && value !== null && marker in value
  }
}
