import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string | undefined
  }
}

/**
 * The Redis that the test run's global setup started (packages/test-utils: this package cannot
 * depend on it), or undefined when redis-server is missing and the Redis tests skip.
 */
export const redisUrl = inject('redisUrl')
