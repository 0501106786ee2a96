import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../src/index.js'

describe('ProtocolError', () => {
  it('is an Error with a name, a code, a message and an optional cause', () => {
    const cause = new SyntaxError('bad')
    const error = new ProtocolError('invalid-json', 'not JSON', { cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(ProtocolError)
    expect(error.name).toBe('ProtocolError')
    expect(error.code).toBe('invalid-json')
    expect(error.message).toBe('not JSON')
    expect(error.cause).toBe(cause)
    expect(new ProtocolError('invalid-seq', 'x').cause).toBeUndefined()
  })

  it('is() recognises it, and a copy from a duplicate package, but nothing else', () => {
    expect(ProtocolError.is(new ProtocolError('invalid-cursor', 'x'))).toBe(true)
    // What another copy of the class would produce: same registered symbol, different class.
    const foreign = Object.assign(new Error('x'), {
      code: 'invalid-seq',
      [Symbol.for('sluice.protocol-error')]: true,
    })
    expect(ProtocolError.is(foreign)).toBe(true)
    for (const value of [
      new Error('x'),
      Object.assign(new Error('x'), { name: 'ProtocolError', code: 'invalid-seq' }),
      { [Symbol('sluice.protocol-error')]: true },
      null,
      undefined,
      'ProtocolError',
      42,
    ]) {
      expect(ProtocolError.is(value)).toBe(false)
    }
  })
})
