export { type Clock, systemClock } from './clock.js'
export { type SplitIntoDeltasOptions, splitIntoDeltas } from './deltas.js'
export { ManualClock } from './manual-clock.js'
export {
  createMockProvider,
  type MockProvider,
  type MockProviderOptions,
  type MockProviderStats,
} from './mock-provider.js'
export { createRandom, pick, type Random } from './random.js'
export {
  MOCK_DEFAULTS,
  type MockScenario,
  mockScenarioSchema,
  resolveMockScenario,
} from './scenario.js'
export { type MockScheduleOptions, mockTokenSchedule } from './schedule.js'
export { type MockJsonDocumentOptions, mockJsonDocument } from './structured-document.js'
export { type MockTextOptions, mockText, mockTokens } from './text.js'
export {
  MOCK_TOOL_NAMES,
  type MockToolCall,
  type MockToolCallOptions,
  mockToolCalls,
} from './tool-calls.js'
export * from './upstreams/anthropic-index.js'
export * from './upstreams/openai-index.js'
