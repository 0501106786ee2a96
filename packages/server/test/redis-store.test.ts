import { describe } from 'vitest'
import { RedisStreamStore } from '../src/store/redis/redis-store.js'
import { redisUrl } from './helpers/redis-url.js'
import { describeStreamStore } from './store-contract.js'

describe.skipIf(redisUrl === undefined)('RedisStreamStore', () => {
  describeStreamStore('RedisStreamStore', () => new RedisStreamStore({ url: redisUrl as string }))
})
