import { createMockProvider } from '@sluice/mock-provider'
import type { StreamStore } from '@sluice/server'
import { startTestServer } from '@sluice/test-utils'
import { countingProvider } from './counting-provider.js'
import { runScenario, type ScenarioReport } from './run-scenario.js'
import { generateScenario } from './scenario.js'

export interface ChaosRunOptions {
  /** First seed. */
  from: number
  /** Scenarios to run: seeds `from` … `from + count - 1`. */
  count: number
  /** Scenarios in flight at once. @defaultValue 16 */
  concurrency?: number
  /** Told about every scenario as it finishes. */
  onReport?: (report: ScenarioReport) => void
  /** The server's stream log (closed with the server). @defaultValue the in-memory log */
  store?: StreamStore
}

export interface ChaosTotals {
  from: number
  scenarios: number
  cuts: number
  reconnects: number
  lostTokens: number
  duplicatedTokens: number
  upstreamCalls: number
  /** Scenarios that broke the promise, with what went wrong. */
  failures: ScenarioReport[]
  /** Promise rejections nobody handled while the run lasted. */
  unhandledRejections: string[]
}

/** Runs a range of seeded scenarios against one real server on loopback. */
export async function runChaos(options: ChaosRunOptions): Promise<ChaosTotals> {
  const counting = countingProvider(createMockProvider())
  const server = await startTestServer({
    providers: [counting.provider],
    ...(options.store ? { store: options.store } : {}),
  })
  const unhandledRejections: string[] = []
  const onUnhandled = (reason: unknown) => unhandledRejections.push(String(reason))
  process.on('unhandledRejection', onUnhandled)
  const totals: ChaosTotals = {
    from: options.from,
    scenarios: 0,
    cuts: 0,
    reconnects: 0,
    lostTokens: 0,
    duplicatedTokens: 0,
    upstreamCalls: 0,
    failures: [],
    unhandledRejections,
  }
  let next = options.from
  const end = options.from + options.count
  const worker = async () => {
    while (next < end) {
      const seed = next++
      const report = await runScenario(generateScenario(seed), {
        serverUrl: server.url,
        callsFor: counting.callsFor,
      })
      totals.scenarios++
      totals.cuts += report.cuts
      totals.reconnects += report.reconnects
      totals.lostTokens += report.lostTokens
      totals.duplicatedTokens += report.duplicatedTokens
      totals.upstreamCalls += report.upstreamCalls
      if (report.problems.length > 0) totals.failures.push(report)
      options.onReport?.(report)
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker))
  } finally {
    process.off('unhandledRejection', onUnhandled)
    await server.close()
  }
  return totals
}

/** The one-line summary the chaos test and `pnpm chaos` print. */
export function formatTotals(totals: ChaosTotals): string {
  const last = totals.from + totals.scenarios - 1
  return (
    `chaos seeds ${totals.from}..${last}: ${totals.scenarios} scenarios, ${totals.cuts} cuts, ` +
    `${totals.reconnects} reconnects, ${totals.lostTokens} lost tokens, ` +
    `${totals.duplicatedTokens} duplicated tokens, ${totals.upstreamCalls} upstream calls, ` +
    `${totals.failures.length} failed, ${totals.unhandledRejections.length} unhandled rejections`
  )
}
