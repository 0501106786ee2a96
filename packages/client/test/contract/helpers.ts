import { createRandom } from '@sluice/mock-provider'
import { Header, type MockScenarioInput, type SluiceEvent } from '@sluice/protocol'
import { chaosFetch, faultsInOrder, startTestServer, type TestServer } from '@sluice/test-utils'
import { createSluiceClient, type SluiceClientOptions } from '../../src/index.js'

/** Fast, but with real pacing: tokens arrive over many socket writes. */
export const fastScenario = { seed: 7, tokens: 40, ttftMs: 0, tokenDelayMs: 1 } as const

export function request(mock: MockScenarioInput = fastScenario) {
  return { messages: [{ role: 'user' as const, content: 'Tell me about rivers.' }], mock }
}

export function clientFor(server: TestServer, options: Partial<SluiceClientOptions> = {}) {
  return createSluiceClient({
    baseUrl: server.url,
    random: createRandom(1, 'backoff-jitter'),
    retry: { initialDelayMs: 5, maxDelayMs: 20 },
    ...options,
  })
}

/**
 * A client whose n-th connection is cut after `cuts[n]` events; `hideStreamHeaders` drops the
 * stream id and token from responses, as a browser does when CORS does not expose them.
 */
export function cuttingClient(server: TestServer, cuts: number[], hideStreamHeaders = false) {
  const cutting = chaosFetch({
    plan: faultsInOrder(...cuts.map((events) => ({ kind: 'cut-after-events', events }) as const)),
    hideHeaders: hideStreamHeaders ? [Header.streamId, Header.resumeToken] : [],
  })
  return { client: clientFor(server, { fetch: cutting.fetch }), requests: cutting.requests }
}

/** Delivered seqs must be 1, 2, 3, … with nothing repeated or skipped. */
export function expectContiguous(events: SluiceEvent[], from = 1): boolean {
  return events.every((event, index) => event.seq === from + index)
}

export { collect, failureOf } from '../shared/stream-results.js'
export { startTestServer, type TestServer }
