import { setTimeout as sleep } from 'node:timers/promises'
import { mockTokenSchedule, resolveMockScenario } from '@sluice/mock-provider'
import type { LanguageModelProvider, ProviderPart } from '@sluice/provider'

/** Wall-clock milliseconds, sub-millisecond, comparable between processes on one machine. */
export const epochMs = () => performance.timeOrigin + performance.now()

/**
 * The mock provider's seeded timing, paced by deadlines rather than by one sleep after another,
 * so that timer slop never piles up: token k is due at the call's start plus its place in
 * `mockTokenSchedule`. Each token's text is the time it was due, so that the load generator can
 * tell how late it arrived, whichever server carried it. A server that is too busy to run its
 * timers on time delays the tokens here, and that counts against it too.
 */
export function createPacedProvider(): LanguageModelProvider {
  return {
    specificationVersion: 'v1',
    id: 'mock',
    defaultModel: 'mock-1',
    async *stream(request, { signal }): AsyncGenerator<ProviderPart> {
      const scenario = resolveMockScenario(request.providerOptions?.mock)
      const start = epochMs()
      for (const offset of mockTokenSchedule(scenario)) {
        const due = start + offset
        await sleep(Math.max(0, due - epochMs()), undefined, { signal })
        yield { type: 'text-delta', text: `${due.toFixed(3)} ` }
      }
      const usage = { inputTokens: 1, outputTokens: scenario.tokens }
      yield { type: 'finish', finishReason: 'stop', usage }
    },
  }
}
