import { createMockProvider, ManualClock } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createSluiceServer,
  type LogEntry,
  MemoryStreamStore,
  type SluiceServer,
} from '../src/index.js'
import { manualTimers } from './helpers/manual-timers.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

/** Two tokens: seq 1 stream-start, 2 and 3 text-delta, 4 stream-end. */
const quick = { tokens: 2, ttftMs: 0, tokenDelayMs: 0 }

const start = (mock: object = quick) => startStream(server.app, { mock })

/**
 * A memory log whose `method` fails once, for the append of `failedSeq`: a networked log fails
 * its `append`; the memory log its `appendNow`, which the producer uses. `failed` settles then.
 */
function storeFailingOnce(method: 'append' | 'appendNow', failedSeq: number) {
  const store = new MemoryStreamStore()
  const append = store[method].bind(store)
  let fail!: () => void
  const failed = new Promise<void>((resolve) => {
    fail = resolve
  })
  let done = false
  const flaky = (streamId: string, entries: readonly LogEntry[]) => {
    if (!done && entries[0]?.seq === failedSeq) {
      done = true
      fail()
      throw new Error('store blip')
    }
    return append(streamId, entries)
  }
  if (method === 'append') {
    Object.assign(store, {
      appendNow: undefined,
      append: async (...args: Parameters<typeof flaky>) => flaky(...args),
    })
  } else {
    store.appendNow = flaky
  }
  return { store, failed }
}

describe('regressions', () => {
  it.each(['append', 'appendNow'] as const)(
    'a failed %s does not use up its seq: the stream still ends with one terminal event',
    async (method) => {
      const { store } = storeFailingOnce(method, 3)
      const reported: unknown[] = []
      server = createSluiceServer({
        store,
        providers: [createMockProvider()],
        onInternalError: (error) => reported.push(error),
      })
      const { streamId, response } = await start()
      await server.service.idle()

      expect(await store.get(streamId)).toMatchObject({ ended: true, lastSeq: 3 })
      const text = await response.text()
      expect(text).toContain('id: 3\nevent: error\ndata: {"code":"internal-error"')
      expect(reported).toHaveLength(1)
    },
  )

  // The failure was kept for the next push; the terminal event's own push must not be it.
  it.each(['append', 'appendNow'] as const)(
    'a failed %s, then a cancel before the next token: the stream still ends',
    async (method) => {
      const { store, failed } = storeFailingOnce(method, 2)
      const reported: unknown[] = []
      server = createSluiceServer({
        store,
        providers: [createMockProvider()],
        onInternalError: (error) => reported.push(error),
      })
      // The first token at once, the second a minute later: the cancel comes first.
      const { streamId, response } = await start({ tokens: 2, ttftMs: 0, tokenDelayMs: 60_000 })
      await failed
      await server.service.cancel(streamId)
      await server.service.idle()

      expect(await store.get(streamId)).toMatchObject({ ended: true, lastSeq: 2 })
      expect(await response.text()).toContain(
        'id: 2\nevent: stream-end\ndata: {"finishReason":"cancelled"}',
      )
      expect(reported.map(String)).toEqual(['Error: store blip'])
    },
  )

  it('a throwing onInternalError cannot leave a stream without its end', async () => {
    server = createSluiceServer({
      providers: [
        {
          specificationVersion: 'v1',
          id: 'buggy',
          defaultModel: 'b',
          stream: () => {
            throw new Error('bug')
          },
        },
      ],
      onInternalError: () => {
        throw new Error('logger down')
      },
    })
    const { response } = await start()
    await server.service.idle()
    expect(await response.text()).toContain('event: error')
  })

  it('an observer hook that throws on a reaping timer cannot keep the stream from its end', async () => {
    const { timers, advance } = manualTimers()
    const reaped: string[] = []
    server = createSluiceServer({
      timers,
      zombieGraceMs: 10,
      // Its clock never moves: only the reaping can end this generation.
      providers: [createMockProvider({ clock: new ManualClock() })],
      observer: {
        streamReaped: ({ streamId }) => {
          reaped.push(streamId)
          throw new Error('metrics down')
        },
      },
    })
    const { response, streamId, token } = await start()
    await response.body?.cancel() // the only reader leaves
    advance(10)
    await server.service.idle()

    expect(reaped).toEqual([streamId])
    const log = await server.app.request(`/v1/streams/${streamId}?lastEventId=1`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(await log.text()).toContain('event: stream-end\ndata: {"finishReason":"cancelled"}')
  })

  it('a resume at the last event of a finished stream answers 204 at once', async () => {
    server = createSluiceServer({ providers: [createMockProvider()], heartbeatMs: 10 })
    const { response, streamId, token } = await start()
    await response.text()
    const atEnd = await server.app.request(`/v1/streams/${streamId}`, {
      headers: { 'Last-Event-ID': '4', Authorization: `Bearer ${token}` },
    })
    expect(atEnd.status).toBe(204)
    expect(await atEnd.text()).toBe('')
  })

  it('a stream that completes is not reported as a reaped zombie when its reader leaves', async () => {
    const { timers, advance } = manualTimers()
    const reaped: string[] = []
    server = createSluiceServer({
      timers,
      zombieGraceMs: 50,
      providers: [createMockProvider()],
      observer: { streamReaped: ({ streamId }) => reaped.push(streamId) },
    })
    const { response } = await start()
    await server.service.idle()
    await response.text() // the reader detaches after the producer has finished
    advance(1_000)
    expect(reaped).toEqual([])
  })

  it('a cancel that loses the race with the end of the stream says so', async () => {
    server = createSluiceServer({ providers: [createMockProvider()] })
    const { response, streamId, token } = await start()
    // Cancel while the producer is finishing: the answer reports what the log really says.
    const cancel = server.app.request(`/v1/streams/${streamId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    })
    const [answer, text] = await Promise.all([cancel, response.text()])
    const { state } = (await answer.json()) as { state: string }
    const ended = text.match(/"finishReason":"(\w+)"/)?.[1]
    expect(state).toBe(ended === 'cancelled' ? 'cancelled' : 'ended')
  })

  it('a live reader whose stream goes away (deleted, expired) ends instead of waiting forever', async () => {
    const store = new MemoryStreamStore()
    server = createSluiceServer({
      store,
      heartbeatMs: 3_600_000,
      onInternalError: () => {}, // the producer's late terminal append finds no stream: expected
      providers: [createMockProvider({ clock: new ManualClock() })], // never produces a token
    })
    const { response } = await start()
    const reader = response.body?.getReader()
    await reader?.read() // retry hint
    await reader?.read() // stream-start; the reader now waits for more
    const next = reader?.read()
    await store.close()
    expect((await next)?.done).toBe(true)
  })
})
