import { createMockProvider, ManualClock } from '@sluice/mock-provider'
import { encodeEvent } from '@sluice/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, MemoryStreamStore, type SluiceServer } from '../src/index.js'
import { manualTimers } from './helpers/manual-timers.js'
import { postStream, startStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

async function expectDraining(response: Response) {
  expect(response.status).toBe(503)
  expect(response.headers.get('Retry-After')).toBe('2')
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
    'server-draining',
  )
}

const decoder = new TextDecoder()

describe('drain', () => {
  it('refuses new streams with 503 and Retry-After while running ones finish', async () => {
    const { timers, advance } = manualTimers()
    server = createSluiceServer({ providers: [createMockProvider()], timers, retryHintMs: 1_500 })
    const {
      response: running,
      streamId,
      token,
    } = await startStream(server.app, { mock: { tokens: 10, ttftMs: 0, tokenDelayMs: 1 } })
    const drained = server.drain({ deadlineMs: 60_000 })

    await expectDraining(await postStream(server.app, { mock: { tokens: 1 } }))
    expect((await server.app.request('/healthz')).status).toBe(503)
    const text = await running.text()
    expect(text.match(/^event: text-delta$/gm)).toHaveLength(10)
    expect(text).toContain('"finishReason":"stop"')
    await server.service.idle()
    advance(0)
    await drained
    // Readers are closed now: a resume is told to come back (to another instance).
    await expectDraining(
      await server.app.request(`/v1/streams/${streamId}`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
    )
  })

  it('cancels what is still running at the deadline; its reader gets the end', async () => {
    const { timers, advance } = manualTimers()
    const mock = createMockProvider({ clock: new ManualClock() })
    server = createSluiceServer({ providers: [mock], timers })
    const stalled = await postStream(server.app, { mock: { tokens: 5 } })
    const drained = server.drain({ deadlineMs: 5_000 })
    advance(4_999)
    expect(mock.stats.cancellations).toBe(0)
    advance(1)
    await drained
    expect(await stalled.text()).toContain('"finishReason":"cancelled"')
  })

  it('tells a reader of a stream produced elsewhere to reconnect, then closes it', async () => {
    // A stream in a shared log whose producer runs on another instance (as with Redis).
    const store = new MemoryStreamStore()
    server = createSluiceServer({ store, retryHintMs: 2_000 })
    const record = {
      streamId: 'str_elsewhere',
      resumeToken: 'token-of-elsewhere',
      provider: 'mock',
      model: 'm',
      createdAt: new Date(0).toISOString(),
    }
    await store.create(record)
    const start = { seq: 1, type: 'stream-start', data: record } as const
    await store.append(record.streamId, [{ seq: 1, frame: encodeEvent(start), terminal: false }])

    const response = await server.app.request(`/v1/streams/${record.streamId}`, {
      headers: { Authorization: `Bearer ${record.resumeToken}` },
    })
    const reader = response.body?.getReader()
    expect(decoder.decode((await reader?.read())?.value)).toBe('retry: 2000\n\n')
    expect(decoder.decode((await reader?.read())?.value)).toContain('event: stream-start')

    await server.drain()
    expect(decoder.decode((await reader?.read())?.value)).toBe('retry: 2000\n\n')
    expect((await reader?.read())?.done).toBe(true)
  })
})
