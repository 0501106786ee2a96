import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { LanguageModelProvider } from '@sluice/provider'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSluiceClient, type FetchLike } from '../../src/index.js'
import { startTestServer, type TestServer } from './helpers.js'

const READERS = 20
const DELTAS = 12_000
const DELTA = 'x'.repeat(999)
/** ~12.5 MB of SSE per reader: three times what loopback's socket buffers absorbed here (3.75 MB). */
const expectedText = `${DELTA}\n`.repeat(DELTAS)
const SEND_WINDOW = 65_536

/** A model that produces a long answer as fast as it can. */
const firehose: LanguageModelProvider = {
  specificationVersion: 'v1',
  id: 'firehose',
  defaultModel: 'firehose-1',
  async *stream() {
    for (let i = 0; i < DELTAS; i++) yield { type: 'text-delta', text: `${DELTA}\n` }
    yield { type: 'finish', finishReason: 'stop' }
  },
}

/** A fetch whose bodies are not read until `release()`: the client stops taking bytes. */
function gatedFetch() {
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  const fetch: FetchLike = async (input, init) => {
    const response = await globalThis.fetch(input, init)
    if (!response.body) return response
    const upstream = response.body.getReader()
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await released
        const { done, value } = await upstream.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel: (reason) => upstream.cancel(reason),
    })
    return new Response(body, { status: response.status, headers: response.headers })
  }
  return { fetch, release }
}

function gc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

function heapBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

let server: TestServer
const drops: string[] = []
let firstDrop: () => void
const firstDropSeen = new Promise<void>((resolve) => {
  firstDrop = resolve
})

beforeAll(async () => {
  // @hono/node-server logs each dropped reader (it destroys the socket with the reader's error):
  // expected here, twenty times over.
  const log = console.error
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('too slow')) log(...args)
  })
  server = await startTestServer({
    providers: [firehose],
    sendWindowBytes: SEND_WINDOW,
    sendTimeoutMs: 500,
    zombieGraceMs: 60_000,
    observer: {
      readerDropped: ({ streamId }) => {
        drops.push(streamId)
        firstDrop()
      },
    },
  })
})
afterAll(async () => {
  await server.close()
  vi.restoreAllMocks()
})

describe('many slow readers', () => {
  it('cost the server a bounded window each, are dropped, and still receive every token', async () => {
    const collect = gc()
    // The whole answer is in the log before anyone reads it.
    const starter = createSluiceClient({ baseUrl: server.url })
    const first = starter.start({ messages: [{ role: 'user', content: 'go' }] })
    await first.result
    const { streamId, resumeToken } = first.cursor as NonNullable<typeof first.cursor>
    collect()
    const baseline = heapBytes()

    // Readers that take the first bytes and then nothing: the server can only push until the
    // sockets are full.
    const readers = Array.from({ length: READERS }, () => {
      const gate = gatedFetch()
      const client = createSluiceClient({
        baseUrl: server.url,
        fetch: gate.fetch,
        retry: { initialDelayMs: 1, maxDelayMs: 10 },
      })
      const stream = client.resume({ streamId, resumeToken, lastSeq: 0 })
      return { gate, stream }
    })

    await firstDropSeen
    collect()
    const perReader = (heapBytes() - baseline) / READERS
    console.log(
      `slow readers: ${READERS} readers of a ${(expectedText.length / 1e6).toFixed(1)} MB log, ` +
        `heap growth ${(perReader / 1024).toFixed(0)} KiB per reader (send window ${SEND_WINDOW / 1024} KiB)`,
    )
    // A server that buffered for its slow readers would grow by the whole log (12 MB) per
    // reader. The measurement includes the clients' own buffers in this process and varies with
    // load (355 KiB to 1.2 MB per reader seen here), hence a bound well between the two.
    expect(perReader).toBeLessThan(4_000_000)

    for (const reader of readers) reader.gate.release()
    const results = await Promise.all(readers.map((reader) => reader.stream.result))
    for (const result of results) expect(result.text === expectedText).toBe(true)
    expect(drops.length).toBeGreaterThanOrEqual(1)
    expect(readers.some((reader) => reader.stream.metrics.reconnects > 0)).toBe(true)
  }, 60_000)
})
