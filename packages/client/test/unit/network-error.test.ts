import { describe, expect, it } from 'vitest'
import { isNetworkError } from '../../src/index.js'

describe('isNetworkError', () => {
  it.each([
    ['Chrome fetch', new TypeError('Failed to fetch')],
    ['Chrome body read', new TypeError('network error')],
    ['Firefox fetch', new TypeError('NetworkError when attempting to fetch resource.')],
    ['Firefox body read', new TypeError('Error in body stream')],
    ['Safari fetch', new TypeError('Load failed')],
    ['Safari connection lost', new TypeError('The network connection was lost.')],
    [
      'Node fetch with a cause',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
          code: 'ECONNREFUSED',
        }),
      }),
    ],
    ['Node body read', new TypeError('terminated', { cause: new Error('other side closed') })],
    [
      'a network error only in the cause',
      new Error('request failed', { cause: new Error('read ECONNRESET') }),
    ],
  ])('%s: true', (_, error) => {
    expect(isNetworkError(error)).toBe(true)
  })

  it.each([
    ['AbortError (DOMException)', new DOMException('The operation was aborted.', 'AbortError')],
    [
      'AbortError worded like a network error',
      Object.assign(new Error('network error'), { name: 'AbortError' }),
    ],
    ['a TypeError from a bug', new TypeError('x is not a function')],
    [
      'a TypeError from reading undefined',
      new TypeError("Cannot read properties of undefined (reading 'getReader')"),
    ],
    ['a SyntaxError', new SyntaxError('Unexpected token < in JSON at position 0')],
    ['a plain Error', new Error('something else went wrong')],
  ])('%s: false', (_, error) => {
    expect(isNetworkError(error)).toBe(false)
  })

  it.each([
    ['a string', 'Failed to fetch'],
    ['an error-like object', { name: 'TypeError', message: 'Failed to fetch' }],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
  ])('%s (not an Error): false', (_, value) => {
    expect(isNetworkError(value)).toBe(false)
  })

  // Regression: an error whose cause refers back to itself overflowed the stack.
  it('an error whose cause chain loops: false, without overflowing the stack', () => {
    const error = new TypeError('x is not a function')
    Object.defineProperty(error, 'cause', { value: error })
    expect(isNetworkError(error)).toBe(false)
  })
})
