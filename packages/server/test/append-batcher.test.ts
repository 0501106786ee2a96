import { describe, expect, it } from 'vitest'
import { AppendBatcher } from '../src/append-batcher.js'
import { MemoryStreamStore } from '../src/store/memory-store.js'
import type { LogEntry } from '../src/store/stream-store.js'

const text = (t: string) => ({ type: 'text-delta' as const, data: { text: t } })

function opening() {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise: opened, resolve: open }
}

/**
 * A memory store whose appends wait for `release()` and can be made to fail once: a networked
 * log, with no `appendNow`.
 */
function gatedStore() {
  const store = new MemoryStreamStore()
  const calls: number[][] = []
  let gate = opening()
  let failNext = false
  const append = store.append.bind(store)
  Object.assign(store, { appendNow: undefined })
  store.append = async (streamId: string, entries: readonly LogEntry[]) => {
    calls.push(entries.map((entry) => entry.seq))
    await gate.promise
    if (failNext) {
      failNext = false
      throw new Error('store down')
    }
    return append(streamId, entries)
  }
  return {
    store,
    calls,
    release() {
      gate.resolve()
      gate = opening()
    },
    failNextAppend() {
      failNext = true
    },
  }
}

async function created(store: MemoryStreamStore) {
  await store.create({
    streamId: 'str_b',
    resumeToken: 't',
    provider: 'mock',
    model: 'm',
    createdAt: '2026-01-01T00:00:00.000Z',
  })
}

describe('AppendBatcher', () => {
  it('sends the events that arrive during an append together in the next one', async () => {
    const gated = gatedStore()
    await created(gated.store)
    const log = new AppendBatcher(gated.store, 'str_b', 0)
    await log.push(text('a'))
    await log.push(text('b'))
    await log.push(text('c'))
    gated.release()
    await new Promise((resolve) => setImmediate(resolve))
    gated.release()
    await log.drain()
    expect(gated.calls).toEqual([[1], [2, 3]])
    expect((await gated.store.read('str_b', 0, 10)).map((entry) => entry.frame)).toEqual([
      'id: 1\nevent: text-delta\ndata: {"text":"a"}\n\n',
      'id: 2\nevent: text-delta\ndata: {"text":"b"}\n\n',
      'id: 3\nevent: text-delta\ndata: {"text":"c"}\n\n',
    ])
  })

  it('waits when maxPending events are queued', async () => {
    const gated = gatedStore()
    await created(gated.store)
    const log = new AppendBatcher(gated.store, 'str_b', 0, 2)
    await log.push(text('a')) // in flight
    expect(log.push(text('b'))).toBeUndefined() // queued: 1, nothing to wait for
    let queuedTwo = false
    const full = log.push(text('c'))
    expect(full).toBeInstanceOf(Promise)
    const third = full?.then(() => {
      queuedTwo = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(queuedTwo).toBe(false)
    gated.release()
    await third
    gated.release()
    await log.drain()
    expect(gated.calls).toEqual([[1], [2, 3]])
  })

  it('throws a failed append once, then continues after the last stored seq', async () => {
    const gated = gatedStore()
    await created(gated.store)
    const log = new AppendBatcher(gated.store, 'str_b', 0)
    await log.push(text('a'))
    gated.release()
    await log.drain()
    gated.failNextAppend()
    await log.push(text('b'))
    await log.push(text('c'))
    gated.release()
    await expect(log.drain()).rejects.toThrow('store down')
    await log.push({ type: 'stream-end', data: { finishReason: 'stop' } })
    gated.release()
    await log.drain()
    const stored = await gated.store.read('str_b', 0, 10)
    expect(stored.map((entry) => [entry.seq, entry.terminal])).toEqual([
      [1, false],
      [2, true],
    ])
  })

  describe('on a store that appends at once', () => {
    it('stores each event as it is pushed, with no promise', async () => {
      const store = new MemoryStreamStore()
      await created(store)
      const log = new AppendBatcher(store, 'str_b', 0)
      expect(log.push(text('a'))).toBeUndefined()
      expect(log.push(text('b'))).toBeUndefined()
      expect(store.readNow('str_b', 0, 10).map((entry) => entry.seq)).toEqual([1, 2])
      await log.drain()
    })

    it('throws a failed append once, by the next push, then continues after the last stored seq', async () => {
      const store = new MemoryStreamStore()
      await created(store)
      const appendNow = store.appendNow.bind(store)
      let failNext = false
      store.appendNow = (streamId, entries) => {
        if (failNext) {
          failNext = false
          throw new Error('store down')
        }
        appendNow(streamId, entries)
      }
      const log = new AppendBatcher(store, 'str_b', 0)
      log.push(text('a'))
      failNext = true
      log.push(text('b'))
      expect(() => log.push(text('c'))).toThrow('store down')
      log.push({ type: 'stream-end', data: { finishReason: 'stop' } })
      await log.drain()
      const stored = store.readNow('str_b', 0, 10)
      expect(stored.map((entry) => [entry.seq, entry.terminal])).toEqual([
        [1, false],
        [2, true],
      ])
    })
  })
})
