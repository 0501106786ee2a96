import { describe, expect, it } from 'vitest'
import { StoreError } from '../src/store/store-error.js'
import type { LogEntry, StreamRecord, StreamStore } from '../src/store/stream-store.js'

/** What a store must do, whatever keeps its data; run against every implementation. */
export function describeStreamStore(name: string, createStore: () => StreamStore) {
  let counter = 0
  const record = (overrides: Partial<StreamRecord> = {}): StreamRecord => ({
    streamId: `str_test${++counter}`,
    resumeToken: `token${counter}`,
    provider: 'mock',
    model: 'mock-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  })
  const entry = (seq: number, terminal = false): LogEntry => ({
    seq,
    frame: `id: ${seq}\n\n`,
    terminal,
  })

  const appended = (store: StreamStore, streamId: string, afterSeq: number) =>
    new Promise<void>((wake) => store.waitForAppend(streamId, afterSeq, wake))

  describe(`${name} (stream store contract)`, () => {
    it('appends in order and reads after a cursor, in pages', async () => {
      const store = createStore()
      const r = record()
      expect(await store.create(r)).toEqual({ created: true })
      await store.append(r.streamId, [entry(1), entry(2)])
      await store.append(r.streamId, [entry(3)])
      expect((await store.read(r.streamId, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3])
      expect((await store.read(r.streamId, 1, 1)).map((e) => e.seq)).toEqual([2])
      expect(await store.read(r.streamId, 3, 10)).toEqual([])
      expect(await store.get(r.streamId)).toEqual({ record: r, lastSeq: 3, ended: false })
      await store.close()
    })

    it.each([
      ['a gap', [entry(1), entry(3)], 'out-of-order'],
      ['a repeat', [entry(1), entry(1)], 'out-of-order'],
      ['an append after the terminal entry', [entry(1, true), entry(2)], 'stream-ended'],
    ])('refuses %s, and stores none of that append', async (_, entries, code) => {
      const store = createStore()
      const r = record()
      await store.create(r)
      const error = await store.append(r.streamId, entries).catch((caught: unknown) => caught)
      expect(StoreError.is(error) && error.code).toBe(code)
      expect(await store.get(r.streamId)).toMatchObject({ lastSeq: 0, ended: false })
      expect(await store.read(r.streamId, 0, 10)).toEqual([])
      await store.close()
    })

    it('refuses an append to an unknown stream', async () => {
      const store = createStore()
      const error = await store.append('str_nope', [entry(1)]).catch((caught: unknown) => caught)
      expect(StoreError.is(error) && error.code).toBe('unknown-stream')
      await store.close()
    })

    it('claims an idempotency key once', async () => {
      const store = createStore()
      const first = record({ idempotency: { key: 'k', fingerprint: 'f' } })
      const second = record({ idempotency: { key: 'k', fingerprint: 'f' } })
      expect(await store.create(first)).toEqual({ created: true })
      expect(await store.create(second)).toEqual({ created: false, existing: first })
      expect(await store.get(second.streamId)).toBeUndefined()
      expect(await store.findIdempotent('k')).toEqual(first)
      expect(await store.findIdempotent('other')).toBeUndefined()
      await store.close()
    })

    it('wakes a waiter on append, and not before', async () => {
      const store = createStore()
      const r = record()
      await store.create(r)
      await store.append(r.streamId, [entry(1)])
      let woken = false
      const waiting = appended(store, r.streamId, 1).then(() => {
        woken = true
      })
      await new Promise((resolve) => setImmediate(resolve))
      expect(woken).toBe(false)
      await store.append(r.streamId, [entry(2)])
      await waiting
      expect(woken).toBe(true)
      await store.close()
    })

    it('wakes at once when entries are already past the cursor or the stream is unknown', async () => {
      const store = createStore()
      const r = record()
      await store.create(r)
      await store.append(r.streamId, [entry(1)])
      await appended(store, r.streamId, 0)
      await appended(store, 'str_unknown', 0)
      await store.close()
    })

    it('does not wake a wait that was stopped', async () => {
      const store = createStore()
      const r = record()
      await store.create(r)
      await store.append(r.streamId, [entry(1)])
      let stoppedWoken = false
      const stop = store.waitForAppend(r.streamId, 1, () => {
        stoppedWoken = true
      })
      const waiting = appended(store, r.streamId, 1)
      stop()
      await store.append(r.streamId, [entry(2)])
      await waiting
      expect(stoppedWoken).toBe(false)
      await store.close()
    })

    it('releases its waiters on close', async () => {
      const store = createStore()
      const r = record()
      await store.create(r)
      await store.append(r.streamId, [entry(1)])
      const waiting = appended(store, r.streamId, 1)
      await store.close()
      await waiting
    })
  })
}
