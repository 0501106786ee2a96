import { mockText } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { type ServerProcess, startServerProcess } from '@sluice/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceClient } from '../../src/index.js'
import { expectContiguous, request } from './helpers.js'

/** Long enough (~30 × 20 ms) that the signal and the refused POST land mid-generation. */
const scenario = { seed: 3, tokens: 30, ttftMs: 0, tokenDelayMs: 20 }
let running: ServerProcess[] = []

afterEach(async () => {
  await Promise.all(running.map((server) => server.kill('SIGKILL')))
  running = []
})

async function start(env: Record<string, string>) {
  const server = await startServerProcess(env)
  running.push(server)
  return server
}

// Starting a server process takes seconds on a busy machine: generous timeouts, no timing asserts.
describe('SIGTERM on a real server process', { timeout: 60_000 }, () => {
  it('refuses new streams, lets the running one finish to its reader, exits 0; a restart with the memory log has forgotten it', async () => {
    const first = await start({ PORT: '0', DRAIN_DEADLINE_MS: '20000' })
    const client = createSluiceClient({ baseUrl: first.url })
    const stream = client.start(request(scenario))
    const events: SluiceEvent[] = []
    for await (const event of stream) {
      events.push(event)
      if (event.type === 'text-delta' && events.length === 2) {
        void first.kill('SIGTERM')
        await first.waitForLine((line) => line.msg === 'draining')
        const refused = await fetch(`${first.url}/v1/streams`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request(scenario)),
        })
        expect(refused.status).toBe(503)
        expect(refused.headers.get('Retry-After')).toBe('1')
        expect(await refused.json()).toMatchObject({ error: { code: 'server-draining' } })
      }
    }
    const result = await stream.result
    expect(result.text).toBe(mockText({ ...scenario, json: false }))
    expect(result.finishReason).toBe('stop')
    expect(expectContiguous(events)).toBe(true)
    expect(await first.exited).toBe(0)
    expect(first.lines.find((line) => line.event === 'stream-end')).toMatchObject({
      outcome: 'stop',
      tokens: scenario.tokens,
    })

    // [documented] the memory log lives in the process: after a restart the stream is gone.
    const port = new URL(first.url).port
    const second = await start({ PORT: port })
    const cursor = stream.cursor
    const resumed = await fetch(`${second.url}/v1/streams/${cursor?.streamId}`, {
      headers: { Authorization: `Bearer ${cursor?.resumeToken}`, 'Last-Event-ID': '1' },
    })
    expect(resumed.status).toBe(404)
    expect(await resumed.json()).toMatchObject({ error: { code: 'stream-not-found' } })
  })

  it('cancels a generation still running at the drain deadline; its reader gets the end', async () => {
    const server = await start({ PORT: '0', DRAIN_DEADLINE_MS: '100' })
    const client = createSluiceClient({ baseUrl: server.url })
    const stalled = { ...scenario, stallAt: 1, stallMs: 600_000 }
    const stream = client.start(request(stalled))
    for await (const event of stream) {
      if (event.type === 'text-delta') void server.kill('SIGTERM')
    }
    expect((await stream.result).finishReason).toBe('cancelled')
    expect(await server.exited).toBe(0)
  })
})
