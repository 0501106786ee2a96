import {
  createRandom,
  type MockOpenAIServer,
  mockText,
  startMockOpenAI,
} from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import {
  chaosFetch,
  faultsInOrder,
  redisServerAvailable,
  type ServerProcess,
  startServerProcess,
  startTestRedis,
  type TestRedis,
} from '@sluice/test-utils'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSluiceClient, type FetchLike, type StreamCursor } from '../../src/index.js'
import { readEvents } from './read-events.js'

const clientAt = (baseUrl: string, fetch?: FetchLike) =>
  createSluiceClient({
    baseUrl,
    random: createRandom(1, 'backoff-jitter'),
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    ...(fetch ? { fetch } : {}),
  })

// Several real server processes (the `pnpm server` entry) sharing one Redis, and one mock OpenAI
// endpoint that counts the model calls of all of them.
// Starting a server process takes seconds on a busy machine: generous timeouts, no timing asserts.
describe.skipIf(!redisServerAvailable())(
  'several server instances on one Redis',
  { timeout: 60_000 },
  () => {
    let redis: TestRedis
    let upstream: MockOpenAIServer
    const instances: ServerProcess[] = []

    const startInstance = async (env: Record<string, string> = {}) => {
      const instance = await startServerProcess({
        REDIS_URL: redis.url,
        // Short, so a killed instance's lease lapses soon; renewed every third, so it must
        // survive a busy machine's event-loop delays.
        REDIS_LEASE_MS: '1000',
        OPENAI_API_KEY: 'sk-test-key',
        OPENAI_BASE_URL: upstream.url,
        ...env,
      })
      instances.push(instance)
      return instance
    }
    let callsBefore = 0
    const allModelCalls = () =>
      upstream.requests.filter((request) => request.path === '/v1/chat/completions').length
    /** Model calls since the test began. */
    const modelCalls = () => allModelCalls() - callsBefore
    const ask = (scenario: object) => ({
      messages: [{ role: 'user' as const, content: JSON.stringify({ mock: scenario }) }],
    })

    beforeAll(async () => {
      redis = await startTestRedis()
      upstream = await startMockOpenAI({ port: 0 })
    })
    beforeEach(() => {
      callsBefore = allModelCalls()
    })
    afterEach(async () => {
      await Promise.all(instances.splice(0).map((instance) => instance.kill('SIGKILL')))
    })
    afterAll(async () => {
      await upstream?.close()
      await redis?.stop()
    })

    it('a client cut on instance A resumes on instance B: byte-equal log, model called once', async () => {
      const [a, b] = await Promise.all([startInstance(), startInstance()])
      const scenario = { seed: 11, tokens: 120, tokenDelayMs: 2 }
      // The POST goes to A; every reconnect lands on B, as behind a load balancer without stickiness.
      const servedByB: string[] = []
      const toB = (url: string, init: RequestInit) => {
        servedByB.push(init.method ?? 'GET')
        return fetch(b.url + url.slice(a.url.length), init)
      }
      const cutting = chaosFetch({
        plan: faultsInOrder({ kind: 'cut-after-events', events: 25 }),
        fetch: (url, init) => (cutting.requests.length === 1 ? fetch(url, init) : toB(url, init)),
      })
      const stream = clientAt(a.url, cutting.fetch).start(ask(scenario))
      const result = await stream.result

      expect(result.text).toBe(mockText({ ...scenario, json: false }))
      expect(result.finishReason).toBe('stop')
      expect(cutting.requests.map((request) => request.method)).toEqual(['POST', 'GET'])
      expect(servedByB).toEqual(['GET'])
      expect(modelCalls()).toBe(1)
      // Both instances serve the very same bytes from the shared log.
      const { streamId, resumeToken } = stream.cursor as StreamCursor
      const fromA = await (
        await fetch(`${a.url}/v1/streams/${streamId}?token=${resumeToken}`)
      ).text()
      const fromB = await (
        await fetch(`${b.url}/v1/streams/${streamId}?token=${resumeToken}`)
      ).text()
      expect(fromB).toBe(fromA)
      expect(fromA).toContain('event: stream-end')
    })

    it('instance A killed mid-stream: a reader on B gets everything A produced, then producer-lost', async () => {
      const [a, b] = await Promise.all([startInstance(), startInstance()])
      const scenario = { seed: 12, tokens: 2000, tokenDelayMs: 5 }
      const created = await fetch(`${a.url}/v1/streams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ask(scenario)),
      })
      const streamId = created.headers.get('X-Stream-Id')
      const token = created.headers.get('X-Resume-Token')
      const onA = readEvents(created)
      const fromB = readEvents(await fetch(`${b.url}/v1/streams/${streamId}?token=${token}`))
      await onA.until((events) => events.length >= 20)
      await fromB.until((events) => events.length >= 20)

      await a.kill('SIGKILL')
      const events = await fromB.all

      const last = events[events.length - 1] as SluiceEvent
      expect(last).toMatchObject({
        type: 'error',
        data: { code: 'producer-lost', retryable: true },
      })
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1))
      const text = events
        .map((event) => (event.type === 'text-delta' ? event.data.text : ''))
        .join('')
      const received = onA.events
      expect(events.length - 1).toBeGreaterThanOrEqual(received.length)
      expect(text.length).toBeGreaterThan(0)
      expect(mockText({ ...scenario, json: false }).startsWith(text)).toBe(true)
      expect(modelCalls()).toBe(1)
    })

    it('SIGTERM on instance A: its reader of a stream produced on B reconnects to B and gets the rest, exact', async () => {
      const [a, b] = await Promise.all([
        startInstance({ DRAIN_DEADLINE_MS: '20000' }),
        startInstance(),
      ])
      const scenario = { seed: 15, tokens: 400, tokenDelayMs: 5 }
      // Behind a load balancer: the POST lands on B, the first reconnect on A, the next on B.
      const servedBy: string[] = []
      const route = (url: string, init: RequestInit) => {
        const instance = servedBy.length === 1 ? a : b
        servedBy.push(instance === a ? 'A' : 'B')
        return fetch(instance.url + url.slice(b.url.length), init)
      }
      const cutting = chaosFetch({
        plan: faultsInOrder({ kind: 'cut-after-events', events: 10 }),
        fetch: route,
      })
      let signalled = false
      const stream = clientAt(b.url, cutting.fetch).start(ask(scenario), {
        onEvent: (event) => {
          // Well into the events that A serves from the shared log.
          if (!signalled && event.seq >= 30 && servedBy.length === 2) {
            signalled = true
            void a.kill('SIGTERM')
          }
        },
      })
      const result = await stream.result

      expect(signalled).toBe(true)
      expect(result.text).toBe(mockText({ ...scenario, json: false }))
      expect(result.finishReason).toBe('stop')
      expect(servedBy).toEqual(['B', 'A', 'B'])
      expect(await a.exited).toBe(0)
      expect(a.lines.some((line) => line.msg === 'draining')).toBe(true)
      expect(modelCalls()).toBe(1)
    })

    it('one Idempotency-Key POSTed to A and B at once makes one stream and one model call', async () => {
      const [a, b] = await Promise.all([startInstance(), startInstance()])
      const post = (url: string) =>
        fetch(`${url}/v1/streams`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'same-request' },
          body: JSON.stringify(ask({ seed: 14, tokens: 30, tokenDelayMs: 1 })),
        })
      const [fromA, fromB] = await Promise.all([post(a.url), post(b.url)])
      expect(fromA.headers.get('X-Stream-Id')).toBe(fromB.headers.get('X-Stream-Id'))
      const [bodyA, bodyB] = await Promise.all([fromA.text(), fromB.text()])
      expect(bodyB).toBe(bodyA)
      expect(modelCalls()).toBe(1)
    })

    it('a DELETE on instance B stops the producer running on instance A', async () => {
      const [a, b] = await Promise.all([startInstance(), startInstance()])
      const stream = clientAt(a.url).start(ask({ seed: 13, tokens: 2000, tokenDelayMs: 5 }))
      await new Promise<void>((resolve) => {
        const check = () => (stream.text.length > 0 ? resolve() : setTimeout(check, 5))
        check()
      })
      const { streamId, resumeToken } = stream.cursor as StreamCursor
      const response = await fetch(`${b.url}/v1/streams/${streamId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${resumeToken}` },
      })
      expect(response.status).toBe(202)
      expect(await response.json()).toEqual({ streamId, state: 'cancelled' })
      const result = await stream.result
      expect(result.finishReason).toBe('cancelled')
    })
  },
)
