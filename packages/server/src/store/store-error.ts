export const STORE_ERROR_CODES = [
  'unknown-stream',
  'out-of-order',
  'stream-ended',
  // This instance no longer holds the stream's producer lease (a shared store's fencing).
  'lease-lost',
] as const

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number]

const marker = Symbol.for('sluice.store-error')

/** A broken store invariant: a bug in the caller, never a client's mistake. */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  readonly [marker] = true

  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
  }

  static is(value: unknown): value is StoreError {
    return typeof value === 'object' && value !== null && marker in value
  }
}
