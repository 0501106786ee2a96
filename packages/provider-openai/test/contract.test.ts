import { startMockOpenAI } from '@sluice/mock-provider'
import { describeProviderContract, type ProviderCase } from '@sluice/provider-contract'
import { createOpenAIProvider } from '../src/index.js'
import { scenarioRequest, TEST_API_KEY } from './helpers.js'

const scenarios: Record<ProviderCase, Record<string, unknown>> = {
  text: { seed: 3, tokens: 12, ttftMs: 0, tokenDelayMs: 0 },
  'tool-calls': { seed: 4, tokens: 3, toolCalls: 2, ttftMs: 0, tokenDelayMs: 0 },
  'fails-mid-stream': { seed: 5, tokens: 12, failAt: 6, ttftMs: 0, tokenDelayMs: 0 },
  long: { seed: 6, tokens: 2000, ttftMs: 0, tokenDelayMs: 2 },
}

for (const api of ['chat'] as const) {
  describeProviderContract(`openai adapter (${api})`, async (kind) => {
    const upstream = await startMockOpenAI()
    const provider = createOpenAIProvider({
      apiKey: TEST_API_KEY,
      baseURL: upstream.url,
      defaultModel: 'gpt-4o-mini',
      api,
    })
    return {
      provider,
      request: scenarioRequest(scenarios[kind]),
      reportsUsage: true,
      close: upstream.close,
    }
  })
}
