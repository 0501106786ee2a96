import type {
  ProviderFinishReason,
  ProviderPart,
  ProviderRequest,
  ProviderUsage,
} from '@sluice/provider'
import { ProviderError } from '@sluice/provider'
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions'

/** Chat Completions' finish reasons in protocol v1's vocabulary. */
const FINISH_REASONS: Record<
  ChatCompletionChunk.Choice['finish_reason'] & string,
  ProviderFinishReason
> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  // The deprecated single function call is still a tool call to Sluice.
  function_call: 'tool-calls',
  content_filter: 'content-filter',
}

/** The streaming request for a provider request. */
export function chatParams(request: ProviderRequest): ChatCompletionCreateParamsStreaming {
  return {
    model: request.model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    // Without it OpenAI sends no usage at all when streaming.
    stream_options: { include_usage: true },
    ...(request.maxTokens === undefined ? {} : { max_completion_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.responseFormat?.type === 'json'
      ? { response_format: { type: 'json_object' } }
      : {}),
  }
}

/**
 * Chunks to parts. Tool calls are keyed by the chunk's `index`: only the first delta of a call
 * carries its `id` and name. A refusal (`delta.refusal`) streams as text, so the reader sees the
 * model's explanation, and the stream then finishes `content-filter` whatever OpenAI's reason.
 * The finish waits for the stream's end, because the usage comes in a chunk after it.
 */
export async function* chatParts(
  chunks: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<ProviderPart, void, undefined> {
  const toolCallIds = new Map<number, string>()
  let finishReason: ProviderFinishReason | undefined
  let refused = false
  let usage: ProviderUsage | undefined
  for await (const chunk of chunks) {
    if (chunk.usage) {
      usage = {
        inputTokens: chunk.usage.prompt_tokens,
        outputTokens: chunk.usage.completion_tokens,
      }
    }
    // Sluice asks for one choice; others (never sent for n = 1) are ignored.
    const choice = chunk.choices.find((candidate) => candidate.index === 0)
    if (choice === undefined) continue
    const { delta } = choice
    if (delta.content) yield { type: 'text-delta', text: delta.content }
    if (delta.refusal) {
      refused = true
      yield { type: 'text-delta', text: delta.refusal }
    }
    for (const call of delta.tool_calls ?? []) {
      // Some compatible gateways send parallel calls all at index 0: a new id is a new call.
      const previous = toolCallIds.get(call.index)
      const known = call.id !== undefined && call.id !== previous ? undefined : previous
      const toolCallId = known ?? call.id
      if (toolCallId === undefined) {
        throw new ProviderError('malformed-response', `OpenAI tool call ${call.index} has no id`)
      }
      const argsDelta = call.function?.arguments ?? ''
      if (known === undefined) {
        toolCallIds.set(call.index, toolCallId)
        const name = call.function?.name ?? ''
        yield { type: 'tool-call-delta', toolCallId, name, argsDelta }
      } else if (argsDelta !== '') {
        yield { type: 'tool-call-delta', toolCallId, argsDelta }
      }
    }
    // A reason outside the table (some compatible gateways invent their own) still ends the
    // answer: failing it as retryable would have the whole answer generated again.
    if (choice.finish_reason) finishReason = FINISH_REASONS[choice.finish_reason] ?? 'stop'
  }
  if (finishReason === undefined) {
    // The SDK ends quietly when the body ends early without [DONE]: that is a cut, not a finish.
    throw new ProviderError('upstream-error', 'OpenAI stream ended without a finish reason', {
      retryable: true,
    })
  }
  const finish = refused ? 'content-filter' : finishReason
  yield { type: 'finish', finishReason: finish, ...(usage === undefined ? {} : { usage }) }
}
