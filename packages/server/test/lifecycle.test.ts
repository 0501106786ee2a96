import { createMockProvider, ManualClock, type MockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, MemoryStreamStore, type SluiceServer } from '../src/index.js'
import { manualTimers } from './helpers/manual-timers.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

/**
 * A server in virtual time whose mock model waits forever (its clock never moves): a generation
 * that only the server's policies can end.
 */
function setup(
  options: {
    zombieGraceMs?: number
    maxDurationMs?: number
    sendTimeoutMs?: number
    store?: MemoryStreamStore
  } = {},
) {
  const { timers, advance } = manualTimers()
  const mock: MockProvider = createMockProvider({ clock: new ManualClock() })
  const seen = {
    reaped: [] as string[],
    timedOut: [] as string[],
    dropped: [] as string[],
    detached: [] as string[],
  }
  server = createSluiceServer({
    providers: [mock],
    timers,
    heartbeatMs: 3_600_000,
    // The model never answers here: only the policies under test may end the stream.
    firstTokenTimeoutMs: 3_600_000_000,
    ...options,
    observer: {
      streamReaped: ({ streamId }) => seen.reaped.push(streamId),
      streamTimedOut: ({ streamId }) => seen.timedOut.push(streamId),
      readerDropped: ({ streamId }) => seen.dropped.push(streamId),
      readerDetached: ({ streamId }) => seen.detached.push(streamId),
    },
  })
  return { mock, advance, seen }
}

async function start() {
  const { response, streamId, token } = await startStream(server.app, { mock: { tokens: 5 } })
  const resume = (cursor: number) =>
    server.app.request(`/v1/streams/${streamId}?lastEventId=${cursor}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  return { response, streamId, token, resume }
}

/** The log after `cursor`, as text: a finished stream answers at once. */
async function logAfter(resume: (cursor: number) => Response | Promise<Response>, cursor: number) {
  return (await resume(cursor)).text()
}

describe('zombie reaping', () => {
  it('cancels a generation nobody has read for the grace period', async () => {
    const { mock, advance, seen } = setup({ zombieGraceMs: 30_000 })
    const { response, streamId, resume } = await start()
    await response.body?.cancel() // the only reader leaves: a disconnect, not a cancel

    advance(29_999)
    await Promise.resolve()
    expect(mock.stats.cancellations).toBe(0)
    advance(1)
    await server.service.idle()

    expect(seen.reaped).toEqual([streamId])
    expect(mock.stats).toMatchObject({ calls: 1, cancellations: 1 })
    expect(await logAfter(resume, 1)).toContain(
      'event: stream-end\ndata: {"finishReason":"cancelled"}',
    )
  })

  it('keeps a generation alive when a reader comes back within the grace period', async () => {
    const { mock, advance, seen } = setup({ zombieGraceMs: 30_000 })
    const { response, resume } = await start()
    await response.body?.cancel()
    advance(20_000)
    const returning = await resume(1) // attaches as soon as the response exists
    advance(20_000)
    advance(60_000)
    expect(seen.reaped).toEqual([])
    expect(mock.stats.cancellations).toBe(0)

    await returning.body?.cancel() // and leaves again: a new grace period starts now
    advance(29_999)
    expect(seen.reaped).toHaveLength(0)
    advance(1)
    await server.service.idle()
    expect(seen.reaped).toHaveLength(1)
    expect(mock.stats.cancellations).toBe(1)
  })

  it('counts every attached reader: one leaving does not start the grace period', async () => {
    const { advance, seen } = setup({ zombieGraceMs: 1_000 })
    const { response, resume } = await start()
    const second = await resume(0)
    await response.body?.cancel()
    advance(5_000)
    expect(seen.reaped).toEqual([])
    await second.body?.cancel()
    advance(1_000)
    expect(seen.reaped).toHaveLength(1)
  })
})

describe('readers that never read still count out', () => {
  it('a HEAD of a live stream attaches no reader: the generation is reaped', async () => {
    const { mock, advance, seen } = setup({ zombieGraceMs: 1_000 })
    const { response, streamId, token } = await start()
    await response.body?.cancel()
    const head = await server.app.request(`/v1/streams/${streamId}?lastEventId=0`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(head.status).toBe(200)
    expect(head.headers.get('Content-Type')).toMatch(/^text\/event-stream/)
    expect(head.body).toBeNull()

    advance(1_000)
    await server.service.idle()
    expect(seen.reaped).toEqual([streamId])
    expect(mock.stats.cancellations).toBe(1)
  })

  const failingReads = {
    // A store that answers later (Redis): its read rejects.
    later: (store: MemoryStreamStore) => {
      Object.assign(store, {
        readNow: undefined,
        read: () => Promise.reject(new Error('store down')),
      })
    },
    // A store read at once (memory), woken on the producer's append: its read throws there.
    now: (store: MemoryStreamStore) => {
      store.readNow = () => {
        throw new Error('store down')
      }
    },
  }
  it.each(Object.entries(failingReads))(
    'a reader whose store read fails (%s) is counted out',
    async (_, failReads) => {
      const store: MemoryStreamStore = new MemoryStreamStore()
      const { seen } = setup({ store })
      const { response, streamId } = await start()
      const reader = response.body?.getReader()
      await reader?.read() // retry hint
      await reader?.read() // stream-start; the reader now waits for the next event
      failReads(store)
      const pending = reader?.read()
      await server.service.cancel(streamId) // an append that wakes the reader
      await expect(pending).rejects.toThrow('store down')
      expect(seen.detached).toEqual([streamId])
    },
  )

  it('a reader whose store read fails at once, on a pull, is counted out', async () => {
    const store: MemoryStreamStore = new MemoryStreamStore()
    const { seen } = setup({ store })
    const { response, streamId } = await start()
    const reader = response.body?.getReader()
    await reader?.read() // retry hint; the next pull reads the log
    failingReads.now(store)
    await expect(reader?.read()).rejects.toThrow('store down')
    expect(seen.detached).toEqual([streamId])
  })
})

describe('max duration', () => {
  it('stops a generation that runs too long and ends it with timeout', async () => {
    const { mock, advance, seen } = setup({ maxDurationMs: 5_000 })
    const { response, streamId } = await start()
    advance(4_999)
    expect(seen.timedOut).toEqual([])
    advance(1)
    await server.service.idle()

    expect(seen.timedOut).toEqual([streamId])
    expect(mock.stats.cancellations).toBe(1)
    const text = await response.text()
    expect(text).toContain('event: stream-end\ndata: {"finishReason":"timeout"}')
    expect(text.match(/^event: (stream-end|error)$/gm)).toHaveLength(1)
  })
})

describe('slow readers', () => {
  it('cuts off a reader whose socket takes nothing for the send timeout; it resumes from the log', async () => {
    const { mock, advance, seen } = setup({ sendTimeoutMs: 1_000, zombieGraceMs: 60_000 })
    const { response, streamId, resume } = await start()
    const reader = response.body?.getReader()
    await reader?.read() // retry hint
    await reader?.read() // stream-start; then the socket takes nothing more

    advance(999)
    expect(seen.dropped).toEqual([])
    advance(1)
    expect(seen.dropped).toEqual([streamId])
    await expect(reader?.read()).rejects.toThrow(/too slow/)

    // Dropping a reader is not cancelling: the generation runs on (here until we stop it).
    expect(mock.stats.cancellations).toBe(0)
    await server.service.cancel(streamId)
    // The client resumes from the last event it has and loses nothing.
    expect(await logAfter(resume, 1)).toContain('"finishReason":"cancelled"')
  })
})
