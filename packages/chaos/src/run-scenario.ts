import { createSluiceClient, type SluiceClient, SluiceStreamError } from '@sluice/client'
import { createRandom } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { chaosFetch, startChaosProxy } from '@sluice/test-utils'
import type { ChaosScenario } from './scenario.js'
import { expectationOf } from './scenario.js'

/** What one scenario did, and every way it broke the promise (empty: it kept it). */
export interface ScenarioReport {
  seed: number
  problems: string[]
  cuts: number
  reconnects: number
  lostTokens: number
  duplicatedTokens: number
  upstreamCalls: number
}

export interface ScenarioEnvironment {
  serverUrl: string
  /** Upstream calls the server made for a scenario's request key. */
  callsFor: (key: string) => number
}

export const scenarioKey = (seed: number) => `chaos scenario ${seed}`

/** Runs one scenario through its transport and checks the result against the fault-free run. */
export async function runScenario(
  scenario: ChaosScenario,
  environment: ScenarioEnvironment,
): Promise<ScenarioReport> {
  const plan = (index: number) => scenario.faults[index] ?? { kind: 'none' as const }
  const proxy =
    scenario.transport === 'proxy'
      ? await startChaosProxy({ target: environment.serverUrl, plan, seed: scenario.seed })
      : undefined
  const fetchFaults = proxy ? undefined : chaosFetch({ plan, seed: scenario.seed })
  const client: SluiceClient = createSluiceClient({
    baseUrl: proxy?.url ?? environment.serverUrl,
    ...(fetchFaults ? { fetch: fetchFaults.fetch } : {}),
    random: createRandom(scenario.seed, 'chaos-jitter'),
    retry: { initialDelayMs: 2, maxDelayMs: 20 },
  })
  const key = scenarioKey(scenario.seed)
  const stream = client.start({
    messages: [{ role: 'user', content: key }],
    mock: scenario.mock,
  })
  const events: SluiceEvent[] = []
  let failure: unknown
  try {
    for await (const event of stream) events.push(event)
  } catch (error) {
    failure = error
  } finally {
    await proxy?.close()
  }
  const records = proxy?.exchanges ?? fetchFaults?.requests ?? []
  return {
    seed: scenario.seed,
    problems: check(scenario, events, failure, stream.text, environment.callsFor(key)),
    cuts: records.filter((record) => record.cut).length,
    reconnects: stream.metrics.reconnects,
    ...tokenCounts(scenario, events),
    upstreamCalls: environment.callsFor(key),
  }
}

function check(
  scenario: ChaosScenario,
  events: SluiceEvent[],
  failure: unknown,
  text: string,
  calls: number,
): string[] {
  const expected = expectationOf(scenario)
  const problems: string[] = []
  if (text !== expected.text) {
    problems.push(
      `text differs from the fault-free run (${text.length} vs ${expected.text.length} chars)`,
    )
  }
  if (!events.every((event, index) => event.seq === index + 1)) {
    problems.push(`ids not 1..N without gaps: ${events.map((event) => event.seq).join(',')}`)
  }
  const terminals = events.filter((event) => event.type === 'stream-end' || event.type === 'error')
  if (terminals.length !== 1) problems.push(`${terminals.length} terminal events`)
  if (calls !== 1) problems.push(`${calls} upstream calls`)
  if (expected.outcome === 'stop') {
    if (failure !== undefined) problems.push(`failed: ${String(failure)}`)
  } else if (!(failure instanceof SluiceStreamError) || failure.streamCode !== 'upstream-error') {
    problems.push(`expected an upstream-error, got ${String(failure)}`)
  }
  return problems
}

function tokenCounts(scenario: ChaosScenario, events: SluiceEvent[]) {
  const deltas = events.filter((event) => event.type === 'text-delta')
  const unique = new Set(deltas.map((event) => event.seq)).size
  return {
    lostTokens: Math.max(0, expectationOf(scenario).textDeltas - unique),
    duplicatedTokens: deltas.length - unique,
  }
}
