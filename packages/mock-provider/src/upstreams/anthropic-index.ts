export {
  type MockAnthropic,
  type MockAnthropicOptions,
  type MockAnthropicRequest,
  startMockAnthropic,
} from './anthropic.js'
export {
  type AnthropicSseEvent,
  type AnthropicStep,
  type AnthropicStreamInput,
  formatSseEvent as formatAnthropicSseEvent,
  OVERLOADED_EVENT as ANTHROPIC_OVERLOADED_EVENT,
  planAnthropicStream,
} from './anthropic-events.js'
export {
  ANTHROPIC_FAULT_STATUSES,
  type AnthropicFaultStatus,
  MOCK_SCENARIO_HEADER as ANTHROPIC_MOCK_SCENARIO_HEADER,
  scenarioOfMessagesRequest as anthropicScenarioOfRequest,
  type UpstreamScenario as AnthropicUpstreamScenario,
} from './anthropic-scenario.js'
