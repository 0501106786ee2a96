import { createMockProvider } from '@sluice/mock-provider'
import { describeProviderContract } from '../src/index.js'

const scenarios = {
  text: { tokens: 12 },
  'tool-calls': { tokens: 0, toolCalls: 2 },
  'fails-mid-stream': { tokens: 12, failAt: 5 },
  long: { tokens: 10_000, tokenDelayMs: 1 },
}

describeProviderContract('mock provider', async (kind) => ({
  provider: createMockProvider(),
  request: {
    model: 'mock-1',
    messages: [{ role: 'user', content: 'hi' }],
    providerOptions: { mock: { ttftMs: 0, tokenDelayMs: 0, ...scenarios[kind] } },
  },
  reportsUsage: true,
}))
