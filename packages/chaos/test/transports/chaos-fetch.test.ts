import {
  chaosFetch,
  FakeTimers,
  faultsInOrder,
  startTestServer,
  type TestServer,
} from '@sluice/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realClientContract } from './contracts/real-client.js'
import type { ChaosTransport } from './contracts/transport.js'
import { wireContract } from './contracts/wire.js'
import { postInit, readUntilBroken } from './helpers.js'

const transport: ChaosTransport = {
  async start(server, plan) {
    const chaos = chaosFetch({ plan, seed: 1 })
    return {
      baseUrl: server.url,
      fetch: chaos.fetch,
      records: chaos.requests,
      close: async () => {},
    }
  },
  cutError: { name: 'TypeError', message: 'network error' },
}

realClientContract('chaosFetch', transport)
wireContract('chaosFetch', transport)

describe('chaosFetch timing and headers', () => {
  let server: TestServer
  const path = '/v1/streams'
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.close())

  it('hides the response headers it is told to, as CORS hides unexposed ones', async () => {
    const hiding = chaosFetch({ plan: faultsInOrder(), hideHeaders: ['X-Stream-Id'] })
    const hidden = await hiding.fetch(`${server.url}${path}`, postInit())
    await hidden.text()
    expect(hidden.headers.get('X-Stream-Id')).toBeNull()
    expect(hidden.headers.get('X-Resume-Token')).toMatch(/^[\w-]+$/)
    const shown = await chaosFetch({ plan: faultsInOrder() }).fetch(
      `${server.url}${path}`,
      postInit(),
    )
    await shown.text()
    expect(shown.headers.get('X-Stream-Id')).toMatch(/^str_/)
  })

  it('holds pieces on the injected timers: a 10 s delay per chunk costs no real time', async () => {
    const timers = new FakeTimers({ autoFire: () => true })
    const chaos = chaosFetch({ plan: faultsInOrder({ kind: 'delay', ms: 10_000 }), timers })
    const response = await chaos.fetch(`${server.url}${path}`, postInit())
    const { bytes, error } = await readUntilBroken(response)
    expect(error).toBeUndefined()
    expect(bytes.toString()).toMatch(/event: stream-end\ndata: \{"finishReason":"stop"/)
    expect(timers.requested.length).toBeGreaterThan(1)
    expect(new Set(timers.requested)).toEqual(new Set([10_000]))
    expect(timers.now()).toBe(10_000 * timers.requested.length)
  })

  it('throttles to the byte rate exactly: the waits add up to bytes ÷ rate', async () => {
    const timers = new FakeTimers({ autoFire: () => true })
    const bytesPerSecond = 1_000
    const chaos = chaosFetch({ plan: faultsInOrder({ kind: 'throttle', bytesPerSecond }), timers })
    const response = await chaos.fetch(`${server.url}${path}`, postInit())
    const { bytes } = await readUntilBroken(response)
    expect(bytes.toString()).toMatch(/event: stream-end\n/)
    const total = timers.requested.reduce((sum, ms) => sum + ms, 0)
    expect(total).toBeCloseTo((bytes.length * 1000) / bytesPerSecond, 6)
    // In pieces of 10 ms each at most: a trickle, not a late burst.
    expect(Math.max(...timers.requested)).toBeLessThanOrEqual(10)
  })
})
