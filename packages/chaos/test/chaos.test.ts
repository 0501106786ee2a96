import type { StreamStore } from '@sluice/server'
import { RedisStreamStore } from '@sluice/server/redis'
import { describeFault, redisServerAvailable, startTestRedis } from '@sluice/test-utils'
import { describe, expect, it } from 'vitest'
import { formatTotals, runChaos } from '../src/run-chaos.js'
import { generateScenario } from '../src/scenario.js'

/** A fixed range by default, so CI is deterministic; CHAOS_FROM explores another one. */
const from = Number(process.env.CHAOS_FROM ?? 1)
const count = Number(process.env.CHAOS_COUNT ?? 1_000)

async function expectPromisesKept(store?: StreamStore) {
  const totals = await runChaos({ from, count, ...(store ? { store } : {}) })
  console.log(formatTotals(totals))
  const failures = totals.failures.map((failure) => {
    const faults = generateScenario(failure.seed).faults.map(describeFault).join(', ')
    return `seed ${failure.seed} [${faults}]: ${failure.problems.join('; ')} — reproduce: npx -y pnpm@12.4.2 chaos --from ${failure.seed} --count 1`
  })
  expect(failures).toEqual([])
  expect(totals.unhandledRejections).toEqual([])
  expect(totals.lostTokens).toBe(0)
  expect(totals.duplicatedTokens).toBe(0)
  expect(totals.upstreamCalls).toBe(totals.scenarios)
  // The faults really happened: most scenarios broke at least one connection.
  expect(totals.cuts).toBeGreaterThan(count / 4)
}

describe('chaos', () => {
  it(`keeps every promise in ${count} seeded scenarios of network and model faults`, async () => {
    await expectPromisesKept()
  }, 240_000)

  it.skipIf(!redisServerAvailable())(
    `keeps every promise in ${count} seeded scenarios on the Redis log`,
    async () => {
      const redis = await startTestRedis()
      try {
        await expectPromisesKept(new RedisStreamStore({ url: redis.url }))
      } finally {
        await redis.stop()
      }
    },
    240_000,
  )
})
