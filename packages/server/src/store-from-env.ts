import type { StreamStore } from './store/stream-store.js'

/**
 * The stream log the reference server's environment asks for: Redis with `REDIS_URL` (and
 * optionally `REDIS_LEASE_MS`, how soon a dead instance's streams end `producer-lost`), else
 * `undefined` for the in-process default. Fails when Redis cannot be reached at startup.
 */
export async function storeFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Promise<StreamStore | undefined> {
  const url = env.REDIS_URL
  if (!url) return undefined
  const leaseMs = env.REDIS_LEASE_MS === undefined ? undefined : Number(env.REDIS_LEASE_MS)
  if (leaseMs !== undefined && !(Number.isInteger(leaseMs) && leaseMs >= 30)) {
    throw new Error(`REDIS_LEASE_MS must be an integer of at least 30, got ${env.REDIS_LEASE_MS}`)
  }
  // Loaded only here: ioredis is an optional peer dependency.
  const { RedisStreamStore } = await import('./store/redis/redis-store.js').catch(
    (error: unknown) => {
      throw new Error(
        `REDIS_URL needs the optional peer dependency ioredis (npm install ioredis): ${(error as Error).message}`,
      )
    },
  )
  const store = new RedisStreamStore({ url, ...(leaseMs === undefined ? {} : { leaseMs }) })
  try {
    await store.ping()
  } catch (error) {
    await store.close()
    throw new Error(`Cannot reach Redis at REDIS_URL: ${(error as Error).message}`)
  }
  return store
}
