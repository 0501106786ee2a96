import { describe, expect, it } from 'vitest'
import { MemoryStreamStore } from '../src/store/memory-store.js'
import type { Timers } from '../src/timers.js'
import { describeStreamStore } from './store-contract.js'

describeStreamStore('MemoryStreamStore', () => new MemoryStreamStore())

/** Timers that fire only when told to. */
function manualTimers() {
  const pending = new Map<number, { at: number; callback: () => void }>()
  let now = 0
  let next = 0
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      pending.set(++next, { at: now + ms, callback })
      return next
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number)
    },
  }
  const advance = (ms: number) => {
    now += ms
    for (const [handle, timer] of [...pending]) {
      if (timer.at > now) continue
      pending.delete(handle)
      timer.callback()
    }
  }
  return { timers, advance, pending }
}

describe('MemoryStreamStore retention', () => {
  const record = {
    streamId: 'str_a',
    resumeToken: 't',
    provider: 'mock',
    model: 'mock-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    idempotency: { key: 'key-a', fingerprint: 'f' },
  }

  it('keeps a finished stream for the retention window, then forgets it and its idempotency key', async () => {
    const { timers, advance, pending } = manualTimers()
    const store = new MemoryStreamStore({ retentionMs: 1000, timers })
    await store.create(record)
    await store.append('str_a', [{ seq: 1, frame: '', terminal: false }])
    expect(pending.size).toBe(0) // a running stream never expires
    await store.append('str_a', [{ seq: 2, frame: '', terminal: true }])
    advance(999)
    expect((await store.get('str_a'))?.lastSeq).toBe(2)
    advance(1)
    expect(await store.get('str_a')).toBeUndefined()
    expect(await store.create({ ...record, streamId: 'str_b' })).toEqual({ created: true })
  })

  it('close() forgets everything and clears its timers', async () => {
    const { timers, pending } = manualTimers()
    const store = new MemoryStreamStore({ timers })
    await store.create(record)
    await store.append('str_a', [{ seq: 1, frame: '', terminal: true }])
    expect(pending.size).toBe(1)
    await store.close()
    expect(pending.size).toBe(0)
    expect(await store.get('str_a')).toBeUndefined()
  })
})
