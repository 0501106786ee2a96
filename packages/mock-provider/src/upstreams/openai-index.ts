export {
  type MockOpenAIOptions,
  type MockOpenAIServer,
  type RecordedOpenAIRequest,
  startMockOpenAI,
} from './openai.js'
export { type OpenAIChatBody, type OpenAIStep, planOpenAIChat } from './openai-chunks.js'
export { OPENAI_MID_STREAM_ERROR, type OpenAIErrorBody, openAIErrorBody } from './openai-errors.js'
export {
  OPENAI_SCENARIO_HEADER,
  type OpenAIHttpFault,
  type OpenAIUpstreamScenario,
  resolveOpenAIScenario,
} from './openai-scenario.js'
