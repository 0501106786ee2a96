import { createMockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, MemoryStreamStore, type SluiceServer } from '../src/index.js'
import { postStream } from './helpers/post-stream.js'

/** A memory store that counts the log entries its readers have taken. */
class CountingStore extends MemoryStreamStore {
  entriesRead = 0
  // The server reads a store that has `readNow` with it, never with `read`.
  override readNow(streamId: string, afterSeq: number, limit: number) {
    const entries = super.readNow(streamId, afterSeq, limit)
    this.entriesRead += entries.length
    return entries
  }
}

let server: SluiceServer
afterEach(() => server?.close())

describe('readers are paced by their consumer', () => {
  it('reads the log only as fast as the response body is consumed', async () => {
    const store = new CountingStore()
    server = createSluiceServer({ store, providers: [createMockProvider()], readBatchSize: 10 })
    const response = await postStream(server.app, {
      mock: { tokens: 1_000, ttftMs: 0, tokenDelayMs: 0 },
    })
    await server.service.idle() // the whole generation is in the log: 1,002 events

    // Nobody has read the body: the reader has taken nothing from the log.
    expect(store.entriesRead).toBe(0)
    const reader = response.body?.getReader()
    await reader?.read() // the retry hint
    await reader?.read() // one batch
    expect(store.entriesRead).toBe(10)
    await reader?.read()
    expect(store.entriesRead).toBe(20)
    await reader?.cancel()
  })
})
