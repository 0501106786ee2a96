import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

export type ScriptRunner = (
  redis: Redis,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>

/** A Lua script sent by its hash (EVALSHA), and in full only when Redis does not have it yet. */
export function luaScript(source: string): ScriptRunner {
  const sha = createHash('sha1').update(source).digest('hex')
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args)
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error
      return await redis.eval(source, keys.length, ...keys, ...args)
    }
  }
}
