import type {
  MessageCreateParamsStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages'
import { ProviderError, type ProviderRequest } from '@sluice/provider'

/** What the request needs from the provider's configuration. */
export interface RequestDefaults {
  defaultModel: string
  maxTokensDefault: number
}

/**
 * A Sluice request as Messages API parameters. System messages go to `system` (joined by blank
 * lines), since the Messages API takes only user and assistant turns; `max_tokens` is required
 * by Anthropic, so it falls back to a default.
 *
 * @throws ProviderError `bad-request` for a non-positive `maxTokens` or no user/assistant turn.
 */
export function toMessagesParams(
  request: ProviderRequest,
  defaults: RequestDefaults,
): MessageCreateParamsStreaming {
  const maxTokens = request.maxTokens ?? defaults.maxTokensDefault
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1) {
    throw new ProviderError('bad-request', `maxTokens must be a positive integer, got ${maxTokens}`)
  }
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
  const messages: MessageParam[] = request.messages.flatMap((message) =>
    message.role === 'system' ? [] : [{ role: message.role, content: message.content }],
  )
  if (messages.length === 0) {
    throw new ProviderError('bad-request', 'Anthropic needs at least one user or assistant message')
  }
  return {
    model: request.model || defaults.defaultModel,
    max_tokens: maxTokens,
    messages,
    stream: true,
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  }
}
