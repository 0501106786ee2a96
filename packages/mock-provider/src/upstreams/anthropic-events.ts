import { mockTokens } from '../text.js'
import { planToolCalls } from '../tool-calls.js'
import type { UpstreamScenario } from './anthropic-scenario.js'

/** One server-sent event of the Messages stream: its `event:` name and its JSON `data:`. */
export interface AnthropicSseEvent {
  event: string
  data: Record<string, unknown>
}

/** What the mock upstream does next: wait, then send an event or break as a fault. */
export type AnthropicStep =
  | { kind: 'event'; delayMs: number; event: AnthropicSseEvent }
  | { kind: 'drop' }

/** What the stream needs from the request. */
export interface AnthropicStreamInput {
  model: string
  /** `max_tokens`: the stream stops with `max_tokens` once this many text tokens are out. */
  maxTokens: number
  /** Characters of the system prompt and messages, for a deterministic `input_tokens`. */
  inputChars: number
  /** Produce a JSON document instead of prose. */
  json: boolean
}

/** Anthropic's own overloaded error, as it arrives inside a stream after HTTP 200. */
export const OVERLOADED_EVENT: AnthropicSseEvent = {
  event: 'error',
  data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
}

/** Writes one event in the wire format: `event:` line, `data:` line, blank line. */
export function formatSseEvent({ event, data }: AnthropicSseEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

const ev = (event: string, data: Record<string, unknown>, delayMs = 0): AnthropicStep => ({
  kind: 'event',
  delayMs,
  event: { event, data: { type: event, ...data } },
})

const textDelta = (index: number, text: string) =>
  ({ index, delta: { type: 'text_delta', text } }) as const

/**
 * The whole Messages stream of a scenario, in Anthropic's order: `message_start` (with
 * `usage.input_tokens`), a `ping`, a text block, one `tool_use` block per tool call with
 * `input_json_delta`s, `message_delta` (`stop_reason`, cumulative `usage.output_tokens`) and
 * `message_stop`. A `failAt` ends it with an `error` event, a `dropAt` with a dropped socket.
 */
export function planAnthropicStream(
  { scenario, dropAt }: UpstreamScenario,
  input: AnthropicStreamInput,
): AnthropicStep[] {
  const { seed, ttftMs, tokenDelayMs, failAt, stallAt, stallMs } = scenario
  const tokens = mockTokens({ seed, tokens: scenario.tokens, json: scenario.json || input.json })
  const limit = Math.min(tokens.length, input.maxTokens)
  const truncated = limit < tokens.length
  // As with the mock provider, a model cut off by max_tokens never reaches its tool calls.
  const calls = truncated ? [] : planToolCalls(scenario)
  const inputTokens = Math.ceil(input.inputChars / 4)
  const steps: AnthropicStep[] = [
    ev('message_start', {
      message: {
        id: `msg_mock_${seed}`,
        type: 'message',
        role: 'assistant',
        model: input.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', {}),
  ]
  /** The faults due once `sent` text tokens are out; true when the stream ends here. */
  const faultsAfter = (sent: number): boolean => {
    if (sent === stallAt && stallMs !== undefined) steps.push(ev('ping', {}, stallMs))
    if (sent === dropAt) steps.push({ kind: 'drop' })
    else if (sent === failAt) steps.push({ kind: 'event', delayMs: 0, event: OVERLOADED_EVENT })
    else return false
    return true
  }
  for (const [index, text] of tokens.slice(0, limit).entries()) {
    if (faultsAfter(index)) return steps
    steps.push(ev('content_block_delta', textDelta(0, text), index === 0 ? ttftMs : tokenDelayMs))
  }
  if (faultsAfter(limit)) return steps
  steps.push(ev('content_block_stop', { index: 0 }))
  let outputTokens = limit
  for (const [offset, call] of calls.entries()) {
    const index = offset + 1
    const id = `toolu_${call.toolCallId}`
    const block = { type: 'tool_use', id, name: call.name, input: {} }
    steps.push(ev('content_block_start', { index, content_block: block }))
    // [spec] Anthropic's first input_json_delta of a tool_use block is often empty.
    const json = (partial_json: string) => ({ type: 'input_json_delta', partial_json })
    steps.push(ev('content_block_delta', { index, delta: json('') }))
    for (const delta of call.argsDeltas) {
      steps.push(ev('content_block_delta', { index, delta: json(delta) }, tokenDelayMs))
      outputTokens++
    }
    steps.push(ev('content_block_stop', { index }))
  }
  const stopReason = truncated ? 'max_tokens' : calls.length > 0 ? 'tool_use' : 'end_turn'
  steps.push(
    ev('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    ev('message_stop', {}),
  )
  return steps
}
