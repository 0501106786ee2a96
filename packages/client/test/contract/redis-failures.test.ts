import { createRandom, mockText } from '@sluice/mock-provider'
import { RedisStreamStore } from '@sluice/server/redis'
import {
  chaosFetch,
  faultsInOrder,
  redisServerAvailable,
  startTestRedis,
  startTestServer,
  type TestRedis,
  type TestServer,
} from '@sluice/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createSluiceClient,
  type FetchLike,
  SluiceHttpError,
  SluiceStreamError,
} from '../../src/index.js'
import { failureOf } from './helpers.js'

// In-process server instances, each with its own connections to one Redis: zombie reaping across
// instances, and what a reader sees when Redis goes away for a moment.
describe.skipIf(!redisServerAvailable())(
  'the Redis log when things go wrong',
  { timeout: 30_000 },
  () => {
    const cleanup: (() => Promise<void>)[] = []
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step()
    })

    const startRedis = async (persistent: boolean) => {
      const redis = await startTestRedis({ persistent })
      cleanup.push(() => redis.stop())
      return redis
    }
    const startInstance = async (redis: TestRedis, options: { zombieGraceMs?: number } = {}) => {
      const server = await startTestServer({
        // Store failures during an outage are expected here, not bugs.
        store: new RedisStreamStore({ url: redis.url, leaseMs: 300, onError: () => {} }),
        onInternalError: () => {},
        ...options,
      })
      cleanup.push(() => server.close())
      return server
    }
    const clientAt = (server: TestServer, fetch?: FetchLike) =>
      createSluiceClient({
        baseUrl: server.url,
        random: createRandom(3, 'backoff-jitter'),
        // Patient enough to outlast a Redis restart.
        retry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 40 },
        ...(fetch ? { fetch } : {}),
      })
    const request = (mock: object) => ({
      messages: [{ role: 'user' as const, content: 'hi' }],
      mock,
    })
    const waitForText = async (stream: { text: string }) => {
      while (stream.text.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    }

    it('a reader on instance B keeps the producer on instance A from being reaped', async () => {
      const redis = await startRedis(false)
      const a = await startInstance(redis, { zombieGraceMs: 50 })
      const b = await startInstance(redis, { zombieGraceMs: 50 })
      const scenario = { seed: 21, tokens: 40, tokenDelayMs: 10 }
      // Cut after 3 events on A; the resume lands on B, and A has no reader for the rest (400 ms).
      const cutting = chaosFetch({
        plan: faultsInOrder({ kind: 'cut-after-events', events: 3 }),
        fetch: (url, init) =>
          fetch(cutting.requests.length === 1 ? url : b.url + url.slice(a.url.length), init),
      })
      const result = await clientAt(a, cutting.fetch).start(request(scenario)).result
      expect(result.finishReason).toBe('stop')
      expect(result.text).toBe(mockText({ ...scenario, json: false }))
      expect(a.mock.stats.calls + b.mock.stats.calls).toBe(1)
    })

    it('Redis restarts with its data: the reader gets every stored event and a defined end', async () => {
      const redis = await startRedis(true)
      const server = await startInstance(redis)
      const scenario = { seed: 22, tokens: 300, tokenDelayMs: 5 }
      const expected = mockText({ ...scenario, json: false })
      const stream = clientAt(server).start(request(scenario))
      await waitForText(stream)
      await redis.restart()

      const outcome = await stream.result.catch((caught: unknown) => caught)
      if (outcome instanceof Error) {
        // An append failed during the outage: the stream ends with a stored error event, written
        // by the producer itself or, once its lease lapsed, by the reader's instance.
        expect(outcome).toBeInstanceOf(SluiceStreamError)
        expect(['internal-error', 'producer-lost']).toContain(
          (outcome as SluiceStreamError).streamCode,
        )
        expect(expected.startsWith(stream.text)).toBe(true)
      } else {
        // The outage fell between two appends: nothing failed.
        expect(stream.text).toBe(expected)
      }
      expect(stream.text.length).toBeGreaterThan(0)
    })

    it('Redis is down for half a second: the stream ends with a stored error after every stored event', async () => {
      const redis = await startRedis(true)
      const server = await startInstance(redis)
      const scenario = { seed: 24, tokens: 300, tokenDelayMs: 5 }
      const stream = clientAt(server).start(request(scenario))
      await waitForText(stream)
      // Long enough that the producer's next append fails, and so does its own error event.
      await redis.restart(500)

      const error = await failureOf(stream)
      expect(error).toBeInstanceOf(SluiceStreamError)
      expect(error).toMatchObject({ streamCode: 'producer-lost', retryable: true })
      expect(stream.text.length).toBeGreaterThan(0)
      expect(mockText({ ...scenario, json: false }).startsWith(stream.text)).toBe(true)
    })

    it('Redis restarts empty: the reader fails with stream-not-found, it does not hang', async () => {
      const redis = await startRedis(false)
      const server = await startInstance(redis)
      const stream = clientAt(server).start(request({ seed: 23, tokens: 2000, tokenDelayMs: 5 }))
      await waitForText(stream)
      await redis.restart()

      const error = await failureOf(stream)
      expect(error).toBeInstanceOf(SluiceHttpError)
      expect(error).toMatchObject({ status: 404, apiCode: 'stream-not-found' })
    })
  },
)
