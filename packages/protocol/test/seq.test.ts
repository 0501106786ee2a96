import { describe, expect, it } from 'vitest'
import { parseCursor, parseSeq } from '../src/index.js'
import { expectProtocolError } from './helpers/errors.js'

/** Spellings that are not exactly one canonical non-negative decimal integer. */
const NOT_CANONICAL: readonly string[] = [
  '-1',
  '-0',
  '+1',
  '01',
  '00',
  '007',
  '1.0',
  '1.5',
  '.5',
  '1.',
  '1e3',
  '1E3',
  '0x10',
  '0b1',
  '0o7',
  '1_000',
  '1,000',
  'abc',
  '1a',
  'a1',
  ' ',
  ' 1',
  '1 ',
  '\t1',
  '1\n',
  '\n1',
  '1\r',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '١٢',
  '１２',
  '9007199254740992',
  '9007199254740993',
  '10000000000000000',
  '99999999999999999',
  '123456789012345678901234567890',
  '9'.repeat(1000),
]

describe('parseCursor', () => {
  it.for([null, undefined, ''])('treats %j as no cursor: 0', (value) => {
    expect(parseCursor(value)).toBe(0)
  })

  it.for([
    ['0', 0],
    ['1', 1],
    ['42', 42],
    ['1000000', 1_000_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ] as const)('parses %j as %i', ([value, expected]) => {
    expect(parseCursor(value)).toBe(expected)
  })

  it.for(NOT_CANONICAL)('rejects %j with invalid-cursor', (value) => {
    expectProtocolError(() => parseCursor(value), 'invalid-cursor')
  })

  it('quotes the value in the message', () => {
    const error = expectProtocolError(() => parseCursor('abc'), 'invalid-cursor')
    expect(error.message).toContain('"abc"')
    expect(error.message).toContain('Last-Event-ID')
    expect(expectProtocolError(() => parseCursor('1\n'), 'invalid-cursor').message).toContain(
      '"1\\n"',
    )
  })

  it('truncates a long value in the message', () => {
    const value = `${'x'.repeat(40)}${'y'.repeat(100_000)}`
    const error = expectProtocolError(() => parseCursor(value), 'invalid-cursor')
    expect(error.message).toContain('x'.repeat(40))
    expect(error.message).not.toContain('y')
    expect(error.message.length).toBeLessThan(200)
  })
})

describe('parseSeq', () => {
  it.for([
    ['1', 1],
    ['2', 2],
    ['42', 42],
    ['1000000', 1_000_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ] as const)('parses %j as %i', ([value, expected]) => {
    expect(parseSeq(value)).toBe(expected)
  })

  it.for(['0', '', ...NOT_CANONICAL])('rejects %j with invalid-seq', (value) => {
    expectProtocolError(() => parseSeq(value), 'invalid-seq')
  })

  it('quotes the value in the message', () => {
    const error = expectProtocolError(() => parseSeq('0'), 'invalid-seq')
    expect(error.message).toContain('"0"')
    expect(expectProtocolError(() => parseSeq('x y'), 'invalid-seq').message).toContain('"x y"')
  })

  // Regression: a server-sent `id:` of any length ended up whole in the client's error message.
  it('truncates a long value in the message, like parseCursor', () => {
    const value = `${'x'.repeat(40)}${'y'.repeat(100_000)}`
    const error = expectProtocolError(() => parseSeq(value), 'invalid-seq')
    expect(error.message.length).toBeLessThan(200)
  })

  it('agrees with parseCursor on every positive value, and parseCursor alone accepts 0', () => {
    for (const value of ['1', '9', '10', '99', '100', '123456789', '9007199254740991']) {
      expect(parseSeq(value)).toBe(parseCursor(value))
    }
    expect(parseCursor('0')).toBe(0)
    expectProtocolError(() => parseSeq('0'), 'invalid-seq')
  })

  it('round-trips every integer it produces through String()', () => {
    for (let n = 1; n < 2000; n++) expect(parseSeq(String(n))).toBe(n)
    for (const n of [2 ** 31, 2 ** 32, 2 ** 52, Number.MAX_SAFE_INTEGER]) {
      expect(parseSeq(String(n))).toBe(n)
      expect(parseCursor(String(n))).toBe(n)
    }
  })
})
