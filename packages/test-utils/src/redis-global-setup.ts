import type { TestProject } from 'vitest/node'
import { redisServerAvailable, startTestRedis } from './redis-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Redis shared by the tests that only need one (undefined: no redis-server, skip). */
    redisUrl: string | undefined
  }
}

/** One throwaway Redis for the whole run, for tests that cannot depend on this package. */
export default async function setup(project: TestProject) {
  if (!redisServerAvailable()) return
  const redis = await startTestRedis()
  project.provide('redisUrl', redis.url)
  return () => redis.stop()
}
