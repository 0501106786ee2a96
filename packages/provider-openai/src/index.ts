export { chatParams, chatParts } from './chat-completions.js'
export { redact, toProviderError } from './errors.js'
export {
  createOpenAIProvider,
  type OpenAIProvider,
  type OpenAIProviderOptions,
} from './openai-provider.js'
export { responsesParams, responsesParts } from './responses.js'
