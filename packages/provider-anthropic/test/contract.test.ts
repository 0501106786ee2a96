import { startMockAnthropic } from '@sluice/mock-provider'
import { describeProviderContract, type ProviderCase } from '@sluice/provider-contract'
import { createAnthropicProvider } from '../src/index.js'
import { API_KEY, scenarioRequest } from './helpers.js'

/** Fast, but paced, so that an abort lands while the upstream is still streaming. */
const SCENARIOS: Record<ProviderCase, Record<string, unknown>> = {
  text: { seed: 7, tokens: 24, ttftMs: 0, tokenDelayMs: 0 },
  'tool-calls': { seed: 8, tokens: 6, toolCalls: 2, ttftMs: 0, tokenDelayMs: 0 },
  'fails-mid-stream': { seed: 9, tokens: 20, failAt: 5, ttftMs: 0, tokenDelayMs: 0 },
  long: { seed: 10, tokens: 2000, ttftMs: 0, tokenDelayMs: 5 },
}

describeProviderContract('anthropic adapter', async (kind) => {
  const upstream = await startMockAnthropic()
  const provider = createAnthropicProvider({
    apiKey: API_KEY,
    baseURL: upstream.url,
    defaultModel: 'claude-test-1',
  })
  return {
    provider,
    request: scenarioRequest(SCENARIOS[kind]),
    reportsUsage: true,
    close: () => upstream.close(),
  }
})
