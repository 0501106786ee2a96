import { createRandom } from '@sluice/mock-provider'
import { describe, expect, it } from 'vitest'
import { BodyDecoder, encodeChunk, LAST_CHUNK } from '../src/chaos/body-decoder.js'

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))

/** Feeds `wire` in seeded random pieces; returns the body and how much of the wire it took. */
function decode(decoder: BodyDecoder, wire: Uint8Array, seed: number) {
  const random = createRandom(seed, 'decode')
  const body: Uint8Array[] = []
  let consumed = 0
  for (let offset = 0; offset < wire.length && !decoder.done; ) {
    const size = 1 + Math.floor(random() * 6)
    const step = decoder.push(wire.subarray(offset, offset + size))
    body.push(...step.body)
    consumed += step.consumed
    offset += size
  }
  return { body: Buffer.concat(body).toString('latin1'), consumed }
}

describe('BodyDecoder', () => {
  const chunked = '5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: 1\r\n\r\n'
  it.each([1, 2, 3, 4])('decodes chunked framing split anywhere (seed %i)', (seed) => {
    const wire = bytes(`${chunked}GET /next HTTP/1.1\r\n`)
    const decoder = new BodyDecoder({ kind: 'chunked' })
    const { body, consumed } = decode(decoder, wire, seed)
    expect(body).toBe('hello, world!!!')
    expect(decoder.done).toBe(true)
    // What follows the body is not taken: it is the next message.
    expect(consumed).toBe(chunked.length)
  })

  it('decodes a content length, and knows an empty body is complete at once', () => {
    const decoder = new BodyDecoder({ kind: 'length', length: 4 })
    expect(decode(decoder, bytes('abcdefgh'), 1)).toEqual({ body: 'abcd', consumed: 4 })
    expect(new BodyDecoder({ kind: 'length', length: 0 }).done).toBe(true)
    expect(new BodyDecoder({ kind: 'none' }).done).toBe(true)
  })

  it('rejects a malformed chunk size', () => {
    expect(() => new BodyDecoder({ kind: 'chunked' }).push(bytes('zz\r\n'))).toThrow(/chunk size/)
  })

  it('round-trips its own encoding, and an open chunk announces more than it carries', () => {
    const wire = Buffer.concat([...encodeChunk(bytes('abc')), LAST_CHUNK])
    expect(decode(new BodyDecoder({ kind: 'chunked' }), wire, 1).body).toBe('abc')
    expect(Buffer.concat(encodeChunk(bytes('ab'), 16)).toString()).toBe('10\r\nab')
  })
})
