export {
  type AnthropicProvider,
  type AnthropicProviderOptions,
  createAnthropicProvider,
  DEFAULT_MAX_TOKENS,
} from './anthropic-provider.js'
export { redact, toProviderError } from './errors.js'
export { toMessagesParams } from './request.js'
export { mapStopReason, toProviderParts } from './stream-parts.js'
