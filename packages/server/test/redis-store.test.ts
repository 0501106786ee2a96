import { redisServerAvailable, startTestRedis, type TestRedis } from '@sluice/test-utils'
import { afterAll, beforeAll, describe } from 'vitest'
import { RedisStreamStore } from '../src/store/redis/redis-store.js'
import { describeStreamStore } from './store-contract.js'

describe.skipIf(!redisServerAvailable())('RedisStreamStore', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(async () => {
    await redis.stop()
  })

  describeStreamStore('RedisStreamStore', () => new RedisStreamStore({ url: redis.url }))
})
