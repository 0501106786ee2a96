import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryStreamStore } from '../src/store/memory-store.js'
import { describeStreamStore } from './store-contract.js'

describeStreamStore('MemoryStreamStore', () => new MemoryStreamStore())

describe('MemoryStreamStore retention', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const record = {
    streamId: 'str_a',
    resumeToken: 't',
    provider: 'mock',
    model: 'mock-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    idempotency: { key: 'key-a', fingerprint: 'f' },
  }

  it('keeps a finished stream for the retention window, then forgets it and its idempotency key', async () => {
    const store = new MemoryStreamStore({ retentionMs: 1000 })
    await store.create(record)
    await store.append('str_a', [{ seq: 1, frame: '', terminal: false }])
    expect(vi.getTimerCount()).toBe(0) // a running stream never expires
    await store.append('str_a', [{ seq: 2, frame: '', terminal: true }])
    vi.advanceTimersByTime(999)
    expect((await store.get('str_a'))?.lastSeq).toBe(2)
    vi.advanceTimersByTime(1)
    expect(await store.get('str_a')).toBeUndefined()
    expect(await store.create({ ...record, streamId: 'str_b' })).toEqual({ created: true })
  })

  it('close() forgets everything and clears its timers', async () => {
    const store = new MemoryStreamStore()
    await store.create(record)
    await store.append('str_a', [{ seq: 1, frame: '', terminal: true }])
    expect(vi.getTimerCount()).toBe(1)
    await store.close()
    expect(vi.getTimerCount()).toBe(0)
    expect(await store.get('str_a')).toBeUndefined()
  })
})

describe('MemoryStreamStore at once (appendNow, readNow)', () => {
  async function storeWithStream() {
    const store = new MemoryStreamStore()
    await store.create({
      streamId: 'str_w',
      resumeToken: 't',
      provider: 'mock',
      model: 'mock-1',
      createdAt: '2026-01-01T00:00:00.000Z',
    })
    return store
  }

  it('a woken waiter reads what woke it, and may wait again from inside its wake', async () => {
    const store = await storeWithStream()
    const seen: number[][] = []
    const follow = (afterSeq: number) =>
      store.waitForAppend('str_w', afterSeq, () => {
        const entries = store.readNow('str_w', afterSeq, 10)
        seen.push(entries.map((entry) => entry.seq))
        follow(afterSeq + entries.length)
      })
    follow(0)
    store.appendNow('str_w', [{ seq: 1, frame: 'a', terminal: false }])
    store.appendNow('str_w', [
      { seq: 2, frame: 'b', terminal: false },
      { seq: 3, frame: 'c', terminal: true },
    ])
    // Once per append: each wake's own wait, set up inside it, is the one the next append wakes.
    expect(seen).toEqual([[1], [2, 3]])
  })

  it('a waiter that throws neither fails the append that woke it nor keeps the others asleep', async () => {
    const store = await storeWithStream()
    const woken: string[] = []
    store.waitForAppend('str_w', 0, () => {
      woken.push('first')
      throw new Error('a reader bug')
    })
    store.waitForAppend('str_w', 0, () => woken.push('second'))

    expect(() => store.appendNow('str_w', [{ seq: 1, frame: 'a', terminal: false }])).not.toThrow()
    expect(woken).toEqual(['first', 'second'])
    // Its seq was not given out again: the next one follows.
    store.appendNow('str_w', [{ seq: 2, frame: 'b', terminal: true }])
    expect(await store.get('str_w')).toMatchObject({ lastSeq: 2, ended: true })
  })
})
