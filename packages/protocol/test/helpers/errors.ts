import { expect } from 'vitest'
import { ProtocolError, type ProtocolErrorCode } from '../../src/index.js'

/** Runs `fn`, expects it to throw a `ProtocolError` with `code`, and returns that error. */
export function expectProtocolError(fn: () => unknown, code: ProtocolErrorCode): ProtocolError {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'expected a ProtocolError to be thrown').toBeDefined()
  expect(ProtocolError.is(thrown)).toBe(true)
  expect(thrown).toBeInstanceOf(ProtocolError)
  const error = thrown as ProtocolError
  expect(error.name).toBe('ProtocolError')
  expect(error.code).toBe(code)
  expect(error.message).not.toBe('')
  return error
}
