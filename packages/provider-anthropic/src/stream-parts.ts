import type { RawMessageStreamEvent, StopReason } from '@anthropic-ai/sdk/resources/messages'
import {
  ProviderError,
  type ProviderFinishReason,
  type ProviderPart,
  type ProviderUsage,
} from '@sluice/provider'

/** [spec] Anthropic's `stop_reason`s in protocol v1's vocabulary. */
const FINISH_REASONS: Readonly<Record<StopReason, ProviderFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  // A server-tool turn paused by Anthropic; the answer so far is complete as far as it goes.
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
}

export function mapStopReason(reason: StopReason | null | undefined): ProviderFinishReason {
  // An unknown, newer reason still ended the message normally.
  return (reason && FINISH_REASONS[reason]) || 'stop'
}

interface ToolBlock {
  id: string
  name: string
  /** Whether a delta, and so the name, has gone out. */
  started: boolean
}

/** Sums Anthropic's input counts: cached and cache-writing tokens are input tokens too. */
function inputTokensOf(usage: {
  input_tokens: number | null
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}): number {
  return (
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0)
  )
}

/**
 * Turns the Messages stream's events into provider parts: `text_delta`s into text deltas,
 * `tool_use` blocks into tool-call deltas (the name on the first), and `message_stop` into one
 * `finish` with the `stop_reason` of `message_delta` and usage from `message_start` and
 * `message_delta`. Thinking, citations and signatures have no part in protocol v1 and are
 * skipped.
 *
 * @throws ProviderError `upstream-error` (retryable) when the events end before `message_stop`.
 */
export async function* toProviderParts(
  events: AsyncIterable<RawMessageStreamEvent>,
): AsyncGenerator<ProviderPart, void, undefined> {
  const tools = new Map<number, ToolBlock>()
  let usage: ProviderUsage | undefined
  let stopReason: StopReason | null = null
  for await (const event of events) {
    switch (event.type) {
      case 'message_start':
        usage = { inputTokens: inputTokensOf(event.message.usage), outputTokens: 0 }
        break
      case 'content_block_start':
        if (event.content_block.type === 'tool_use') {
          const { id, name } = event.content_block
          tools.set(event.index, { id, name, started: false })
        }
        break
      case 'content_block_delta': {
        const { delta } = event
        if (delta.type === 'text_delta' && delta.text.length > 0) {
          yield { type: 'text-delta', text: delta.text }
        } else if (delta.type === 'input_json_delta' && delta.partial_json.length > 0) {
          // [spec] The first input_json_delta is often empty; the name waits for real text.
          const tool = tools.get(event.index)
          if (tool !== undefined) yield toolDelta(tool, delta.partial_json)
        }
        break
      }
      case 'content_block_stop': {
        const tool = tools.get(event.index)
        // [spec] A tool without input streams no JSON at all; its arguments are `{}`.
        if (tool !== undefined && !tool.started) yield toolDelta(tool, '{}')
        break
      }
      case 'message_delta':
        stopReason = event.delta.stop_reason
        // [spec] message_delta's usage is cumulative, not an increment.
        usage = {
          inputTokens: usage?.inputTokens ?? 0,
          outputTokens: event.usage.output_tokens,
        }
        break
      case 'message_stop':
        yield {
          type: 'finish',
          finishReason: mapStopReason(stopReason),
          ...(usage === undefined ? {} : { usage }),
        }
        return
    }
  }
  throw new ProviderError('upstream-error', 'Anthropic stream ended before message_stop', {
    retryable: true,
  })
}

function toolDelta(tool: ToolBlock, argsDelta: string): ProviderPart {
  const first = !tool.started
  tool.started = true
  return first
    ? { type: 'tool-call-delta', toolCallId: tool.id, name: tool.name, argsDelta }
    : { type: 'tool-call-delta', toolCallId: tool.id, argsDelta }
}
