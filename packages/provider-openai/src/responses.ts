import type {
  ProviderFinishReason,
  ProviderPart,
  ProviderRequest,
  ProviderUsage,
} from '@sluice/provider'
import { ProviderError } from '@sluice/provider'
import type {
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses'

/** The Responses API's streaming request for a provider request. */
export function responsesParams(request: ProviderRequest): ResponseCreateParamsStreaming {
  return {
    model: request.model,
    input: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    // Sluice keeps its own log of the answer; OpenAI need not keep one too.
    store: false,
    ...(request.maxTokens === undefined ? {} : { max_output_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.responseFormat?.type === 'json'
      ? { text: { format: { type: 'json_object' } } }
      : {}),
  }
}

/** `response.incomplete`'s reasons in protocol v1's vocabulary. */
function incompleteReason(reason: string | undefined): ProviderFinishReason {
  return reason === 'content_filter' ? 'content-filter' : 'length'
}

/**
 * Events to parts. A function call is named by `response.output_item.added` (its `call_id` is
 * the tool-call id) and its arguments arrive keyed by the item's id. As with Chat Completions, a
 * refusal streams as text and finishes `content-filter`. Usage comes with the final event.
 */
export async function* responsesParts(
  events: AsyncIterable<ResponseStreamEvent>,
): AsyncGenerator<ProviderPart, void, undefined> {
  const callIds = new Map<string, string>()
  let refused = false
  for await (const event of events) {
    switch (event.type) {
      case 'response.output_text.delta':
        yield { type: 'text-delta', text: event.delta }
        break
      case 'response.refusal.delta':
        refused = true
        yield { type: 'text-delta', text: event.delta }
        break
      case 'response.output_item.added':
        if (event.item.type === 'function_call') {
          const { call_id, name, id } = event.item
          callIds.set(id ?? call_id, call_id)
          yield {
            type: 'tool-call-delta',
            toolCallId: call_id,
            name,
            argsDelta: event.item.arguments,
          }
        }
        break
      case 'response.function_call_arguments.delta': {
        const toolCallId = callIds.get(event.item_id)
        if (toolCallId === undefined) {
          throw new ProviderError(
            'malformed-response',
            `OpenAI arguments for unknown item ${event.item_id}`,
          )
        }
        yield { type: 'tool-call-delta', toolCallId, argsDelta: event.delta }
        break
      }
      case 'response.completed':
      case 'response.incomplete': {
        const { usage: raw, incomplete_details } = event.response
        const usage: ProviderUsage | undefined = raw
          ? { inputTokens: raw.input_tokens, outputTokens: raw.output_tokens }
          : undefined
        let finishReason: ProviderFinishReason =
          event.type === 'response.incomplete'
            ? incompleteReason(incomplete_details?.reason)
            : callIds.size > 0
              ? 'tool-calls'
              : 'stop'
        if (refused) finishReason = 'content-filter'
        yield { type: 'finish', finishReason, ...(usage === undefined ? {} : { usage }) }
        return
      }
      case 'response.failed': {
        const message = event.response.error?.message ?? 'response failed'
        throw new ProviderError('upstream-error', `OpenAI failed mid-stream: ${message}`, {
          retryable: event.response.error?.code === 'server_error',
        })
      }
      case 'error':
        throw new ProviderError('upstream-error', `OpenAI failed mid-stream: ${event.message}`, {
          retryable: true,
        })
      default:
        // Lifecycle and other events (created, in_progress, *.done) carry nothing new.
        break
    }
  }
  throw new ProviderError('upstream-error', 'OpenAI stream ended without a final event', {
    retryable: true,
  })
}
