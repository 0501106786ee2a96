import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSluiceClient } from '../../src/index.js'
import {
  BASE_URL,
  ControlledBody,
  FakeTimers,
  frames,
  HEARTBEAT_MS,
  HELLO_CURSOR,
  HELLO_EVENTS,
  harness,
  helloRest,
  MIN_STALL_MS,
  REQUEST,
  type Reply,
  ScriptedFetch,
  STALL_MS,
  settle,
  sseResponse,
} from './helpers/harness.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('offline: reconnects wait for the network instead of spending attempts', () => {
  it('a stream started offline sends nothing until the device is online', async () => {
    const { client, server, network } = harness([
      sseResponse(frames(HELLO_EVENTS), { streamHeaders: true }),
    ])
    network.goOffline()
    const stream = client.start(REQUEST)
    await settle()
    expect(network.waiting).toBe(true)
    expect(server.requests).toEqual([])
    network.goOnline()
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.map((request) => request.method)).toEqual(['POST'])
  })

  it('failures while offline consume no attempt and no backoff', async () => {
    // Filled in below: each of the first three requests fails as the device goes offline.
    const replies: Reply[] = []
    const { client, server, network, timers } = harness(replies, { retry: { maxAttempts: 1 } })
    const dropOffline: Reply = () => {
      network.goOffline()
      return new TypeError('Failed to fetch')
    }
    replies.push(dropOffline, dropOffline, dropOffline, helloRest())
    const stream = client.resume(HELLO_CURSOR, { text: 'Hel' })
    for (let request = 1; request <= 3; request++) {
      await server.request(request)
      await settle()
      expect(stream.status).toBe('reconnecting')
      expect(network.waiting).toBe(true)
      network.goOnline()
    }
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests).toHaveLength(4)
    expect(network.waits).toBe(3)
    expect(timers.requested.filter((ms) => ms < MIN_STALL_MS)).toEqual([])
    expect(stream.metrics.reconnects).toBe(3)
  })

  it('online, the same failures do spend attempts', async () => {
    const offline = new TypeError('Failed to fetch')
    const { client, server } = harness([offline, offline, helloRest()], {
      retry: { maxAttempts: 1 },
    })
    const stream = client.resume(HELLO_CURSOR, { text: 'Hel' })
    await expect(stream.result).rejects.toMatchObject({ code: 'network-error' })
    expect(server.requests).toHaveLength(2)
  })

  it('an answer that is not a failure of the connection fails at once, offline or not', async () => {
    const { client, server, network } = harness([
      () => {
        network.goOffline()
        return new Response('{}', { status: 403 })
      },
    ])
    const stream = client.resume(HELLO_CURSOR)
    await expect(stream.result).rejects.toMatchObject({ status: 403 })
    expect(network.waits).toBe(0)
    expect(server.requests).toHaveLength(1)
  })

  it('abort() while waiting for the network ends the stream at once', async () => {
    const { client, server, network } = harness([helloRest()])
    network.goOffline()
    const stream = client.resume(HELLO_CURSOR)
    await settle()
    stream.abort()
    await expect(stream.result).rejects.toMatchObject({ code: 'aborted' })
    expect(network.waiting).toBe(false)
    expect(server.requests).toEqual([])
  })

  it('by default, follows navigator.onLine and the online event of the page', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const timers = new FakeTimers({ autoFire: (ms) => ms < MIN_STALL_MS })
    const server = new ScriptedFetch([helloRest()], timers.now)
    // No `connectivity`: the default one.
    const client = createSluiceClient({
      baseUrl: BASE_URL,
      fetch: server.fetch,
      timers,
      heartbeatMs: HEARTBEAT_MS,
    })
    const stream = client.resume(HELLO_CURSOR, { text: 'Hel' })
    await settle()
    expect(server.requests).toEqual([])
    onLine.mockReturnValue(true)
    window.dispatchEvent(new Event('online'))
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests).toHaveLength(1)
  })
})

describe('a hidden or frozen page never causes a re-POST', () => {
  it('hidden: reading goes on; frozen past the stall timeout: the resume is a GET', async () => {
    const body = new ControlledBody()
    const { client, server, timers } = harness([
      sseResponse(body.stream, { streamHeaders: true }),
      helloRest(),
    ])
    const stream = client.start(REQUEST)
    body.write(...frames(HELLO_EVENTS.slice(0, 2)))
    await settle()
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    window.dispatchEvent(new Event('freeze'))
    await settle()
    expect(server.requests).toHaveLength(1)
    // Thawed long after: the overdue stall timer fires at once.
    await timers.advance(10 * STALL_MS)
    window.dispatchEvent(new Event('resume'))
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests.map((request) => request.method)).toEqual(['POST', 'GET'])
    expect(server.requests[1]?.headers['last-event-id']).toBe('2')
  })
})
