// The Redis stream log, its own entry point so that a memory-only install never loads ioredis
// (an optional peer dependency).
export { type RedisStoreOptions, RedisStreamStore } from './store/redis/redis-store.js'
