import { createMockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, MemoryStreamStore, type SluiceServer } from '../src/index.js'
import { manualTimers } from './helpers/manual-timers.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

describe('finished streams', () => {
  it('stay replayable, terminal event included, for the retention window and then answer 404', async () => {
    const { timers, advance } = manualTimers()
    server = createSluiceServer({
      providers: [createMockProvider()],
      store: new MemoryStreamStore({ retentionMs: 60_000, timers }),
      timers,
    })
    const { response, streamId, token } = await startStream(server.app, {
      mock: { tokens: 3, ttftMs: 0, tokenDelayMs: 0 },
    })
    const whole = await response.text()
    const resume = () =>
      server.app.request(`/v1/streams/${streamId}?lastEventId=3`, {
        headers: { Authorization: `Bearer ${token}` },
      })

    advance(59_999)
    const late = await resume()
    expect(late.status).toBe(200)
    const tail = await late.text()
    expect(tail).toMatch(/^retry: \d+\n\n/)
    expect(tail.replace(/^retry: \d+\n\n/, '')).toBe(whole.slice(whole.indexOf('id: 4\n')))

    advance(1)
    const expired = await resume()
    expect(expired.status).toBe(404)
    expect(await expired.json()).toMatchObject({ error: { code: 'stream-not-found' } })
  })
})
