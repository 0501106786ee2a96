import { describe, expect, it } from 'vitest'
import { RedisStreamStore } from '../src/store/redis/redis-store.js'
import { storeFromEnv } from '../src/store-from-env.js'
import { redisUrl } from './helpers/redis-url.js'

describe('storeFromEnv', () => {
  it('keeps the in-memory default without REDIS_URL', async () => {
    expect(await storeFromEnv({})).toBeUndefined()
  })

  it('refuses a REDIS_LEASE_MS that is not a whole number of at least 30', async () => {
    await expect(
      storeFromEnv({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_LEASE_MS: '5s' }),
    ).rejects.toThrow('REDIS_LEASE_MS must be an integer of at least 30, got 5s')
  })

  it('fails at startup when Redis cannot be reached', async () => {
    await expect(storeFromEnv({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(
      'Cannot reach Redis at REDIS_URL',
    )
  })

  it.skipIf(redisUrl === undefined)('connects the Redis log', async () => {
    const store = await storeFromEnv({ REDIS_URL: redisUrl, REDIS_LEASE_MS: '1000' })
    expect(store).toBeInstanceOf(RedisStreamStore)
    await store?.close()
  })
})
