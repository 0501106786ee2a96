import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { decodeFrame } from '../src/decode-frame.js'
import { RedisStreamStore } from '../src/store/redis/redis-store.js'
import { StoreError } from '../src/store/store-error.js'
import type { StreamRecord } from '../src/store/stream-store.js'
import { redisUrl } from './helpers/redis-url.js'

const record = (streamId: string): StreamRecord => ({
  streamId,
  resumeToken: 'token',
  provider: 'mock',
  model: 'mock-1',
  createdAt: '2026-01-01T00:00:00.000Z',
})
const entry = (seq: number) => ({ seq, frame: `id: ${seq}\n\n`, terminal: false })

// What makes one producer per stream safe across instances: the lease, its fencing, and the
// `producer-lost` ending once it lapses.
describe.skipIf(redisUrl === undefined)('RedisStreamStore across instances', () => {
  const url = redisUrl as string
  let raw: Redis
  const stores: RedisStreamStore[] = []
  const instance = (leaseMs = 150) => {
    const store = new RedisStreamStore({ url, leaseMs })
    stores.push(store)
    return store
  }

  beforeAll(() => {
    raw = new Redis(url)
  })
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()))
  })
  afterAll(() => {
    raw.disconnect()
  })

  it('fences: only the instance holding the lease appends', async () => {
    const a = instance()
    const b = instance()
    await a.create(record('str_fence'))
    await a.append('str_fence', [entry(1)])
    const error = await b.append('str_fence', [entry(2)]).catch((caught: unknown) => caught)
    expect(StoreError.is(error) && error.code).toBe('lease-lost')
    expect((await b.read('str_fence', 0, 10)).map((e) => e.seq)).toEqual([1])
  })

  it('a producer that lost its lease cannot append, and is told to stop', async () => {
    const a = instance()
    const stopped: string[] = []
    a.coordination.onStopRequested((streamId) => stopped.push(streamId))
    await a.create(record('str_stale'))
    await raw.del('sluice:{str_stale}:lease')
    const error = await a.append('str_stale', [entry(1)]).catch((caught: unknown) => caught)
    expect(StoreError.is(error) && error.code).toBe('lease-lost')
    await expect.poll(() => stopped).toEqual(['str_stale'])
  })

  it('ends a stream with producer-lost once its producer stops renewing, waking readers elsewhere', async () => {
    const a = instance()
    const b = instance()
    await a.create(record('str_lost'))
    await a.append('str_lost', [entry(1), entry(2)])
    await a.close() // the instance dies: nobody renews its lease
    await new Promise<void>((wake) => b.waitForAppend('str_lost', 2, wake))
    const [lost] = await b.read('str_lost', 2, 10)
    expect(lost?.terminal).toBe(true)
    expect(decodeFrame(lost?.frame ?? '')).toMatchObject({
      seq: 3,
      type: 'error',
      data: { code: 'producer-lost', retryable: true },
    })
    expect(await b.get('str_lost')).toMatchObject({ lastSeq: 3, ended: true })
  })

  it('keeps a live producer: its lease is renewed for as long as it runs', async () => {
    const a = instance(400)
    await a.create(record('str_live'))
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await a.append('str_live', [entry(1)])
    expect(await a.get('str_live')).toMatchObject({ lastSeq: 1, ended: false })
  })

  it('counts readers attached on any instance', async () => {
    const a = instance()
    const b = instance()
    await a.create(record('str_readers'))
    expect(await a.coordination.hasReaders('str_readers')).toBe(false)
    const detach = b.coordination.attachReader('str_readers')
    await expect.poll(() => a.coordination.hasReaders('str_readers')).toBe(true)
    detach()
    await expect.poll(() => a.coordination.hasReaders('str_readers')).toBe(false)
  })

  it('gives an idempotency key to one stream when instances create at once', async () => {
    const instances = [instance(), instance(), instance()]
    const idempotency = { key: 'same-key', fingerprint: 'f' }
    const results = await Promise.all(
      instances.map((store, index) => store.create({ ...record(`str_idem${index}`), idempotency })),
    )
    const created = results.filter((result) => result.created)
    expect(created).toHaveLength(1)
    const winner = ['str_idem0', 'str_idem1', 'str_idem2'][results.findIndex((r) => r.created)]
    for (const result of results) {
      if (!result.created) expect(result.existing.streamId).toBe(winner)
    }
  })

  it('carries a stop request to the instance running the producer', async () => {
    const a = instance()
    const b = instance()
    const stopped: string[] = []
    a.coordination.onStopRequested((streamId) => stopped.push(streamId))
    await a.create(record('str_stop'))
    await b.coordination.requestStop('str_stop')
    await expect.poll(() => stopped).toEqual(['str_stop'])
  })
})
