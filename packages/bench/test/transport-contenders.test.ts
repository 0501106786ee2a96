import { describe, expect, it } from 'vitest'
import { contenders } from '../src/transport/contenders.js'
import { bodyOf, chunksOf, SSE_HEADERS, tokenStreamBytes } from '../src/transport/token-stream.js'

describe('the transport contenders', () => {
  const { bytes, events } = tokenStreamBytes(50)
  const parsers = Object.entries(contenders).filter(([name]) => !name.startsWith('fetch drain'))

  it.each([1, 7, 16_384])(
    'each parses every event of the stream in %i-byte chunks',
    async (size) => {
      const chunks = chunksOf(bytes, size)
      const fetchChunks = (async () =>
        new Response(bodyOf(chunks), { headers: SSE_HEADERS })) as unknown as typeof fetch
      for (const [name, contender] of parsers) {
        expect([name, await contender(fetchChunks, 'http://bench.invalid')]).toEqual([name, events])
      }
    },
  )

  it('cuts the bytes into chunks that add up to them', () => {
    const chunks = chunksOf(bytes, 1000)
    expect(chunks.every((chunk) => chunk.byteLength <= 1000)).toBe(true)
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true)
    expect(events).toBe(52)
  })
})
