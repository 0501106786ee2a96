import { describe, expect, it } from 'vitest'
import { DrainState } from '../src/drain.js'
import { createLogReader } from '../src/log-reader.js'
import { MemoryStreamStore } from '../src/store/memory-store.js'
import type { LogEntry } from '../src/store/stream-store.js'
import { systemTimers } from '../src/timers.js'

const frame = (seq: number, terminal = false): LogEntry => ({
  seq,
  frame: `id: ${seq}\nevent: ${terminal ? 'stream-end' : 'text-delta'}\n\n`,
  terminal,
})

describe('LogReader on a log that answers later (Redis)', () => {
  it('a woken reader whose read missed the terminal entry reads again before it ends', async () => {
    const store = new MemoryStreamStore()
    Object.assign(store, { readNow: undefined, appendNow: undefined })
    await store.create({
      streamId: 'str_r',
      resumeToken: 't',
      provider: 'mock',
      model: 'mock-1',
      createdAt: '2026-01-01T00:00:00.000Z',
    })
    await store.append('str_r', [frame(1)])
    // The read after the reader's wake sees the log as it was before the append that woke it,
    // as a networked log's read can (woken by a notification for entries it had read already,
    // its read answered before the next append, its state asked after).
    const read = store.read.bind(store)
    let missed = false
    store.read = async (streamId, afterSeq, limit) => {
      if (afterSeq === 1 && !missed) {
        missed = true
        return []
      }
      return read(streamId, afterSeq, limit)
    }
    const body = createLogReader(
      {
        store,
        heartbeatMs: 3_600_000,
        retryHint: 'retry: 1000\n\n',
        batchSize: 100,
        sendWindowBytes: 65_536,
        sendTimeoutMs: 3_600_000,
        timers: systemTimers,
        drain: new DrainState(),
      },
      'str_r',
      0,
      { attach() {}, detach() {}, dropped() {}, sent() {} },
    )
    const reader = body.getReader()
    const decoder = new TextDecoder()
    let text = ''
    // The hint, then event 1; the reader then waits at the head of the log.
    while (!text.includes('id: 1\n')) text += decoder.decode((await reader.read()).value)
    const next = reader.read()
    await store.append('str_r', [frame(2, true)])
    for (let chunk = await next; !chunk.done; chunk = await reader.read()) {
      text += decoder.decode(chunk.value)
    }
    expect(missed).toBe(true)
    expect(text).toBe(`retry: 1000\n\n${frame(1).frame}${frame(2, true).frame}`)
  })
})
