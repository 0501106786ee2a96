import { createRandom, type Random } from '../random.js'
import type { MockScenario } from '../scenario.js'
import { mockTokens } from '../text.js'
import { planToolCalls } from '../tool-calls.js'

/** The parts of a Chat Completions request body the mock looks at. */
export interface OpenAIChatBody {
  model?: unknown
  messages?: unknown
  max_tokens?: unknown
  max_completion_tokens?: unknown
  response_format?: { type?: unknown } | null
  stream_options?: { include_usage?: unknown } | null
}

/** One step of a planned response: wait, then send a chunk or fail. */
export type OpenAIStep =
  | { kind: 'chunk'; delayMs: number; chunk: Record<string, unknown> }
  | { kind: 'fail'; delayMs: number }

/** Spreads a delay over [½, 1½) of itself, like the mock provider, in whole milliseconds. */
function jitter(ms: number, random: Random): number {
  return Math.round(ms * (0.5 + random()))
}

/** The mock provider's rough count: about four characters a token. */
function promptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 0
  const chars = messages.reduce<number>((sum, message: { content?: unknown }) => {
    return sum + (typeof message?.content === 'string' ? message.content.length : 0)
  }, 0)
  return Math.ceil(chars / 4)
}

function limitFrom(body: OpenAIChatBody): number | undefined {
  const limit = body.max_completion_tokens ?? body.max_tokens
  return typeof limit === 'number' && limit > 0 ? limit : undefined
}

type Delta = Record<string, unknown>

/**
 * The whole response to one streaming request, as OpenAI sends it: a first chunk with the
 * assistant role, content deltas, tool-call deltas (index, id and name first, then argument
 * pieces), a chunk with `finish_reason`, and with `stream_options.include_usage` a last chunk
 * with empty `choices` and the usage. Faults (`failAt`) count text tokens, as in the mock.
 */
export function planOpenAIChat(
  body: OpenAIChatBody,
  scenario: MockScenario,
  id: string,
  created: number,
): OpenAIStep[] {
  const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini'
  const withUsage = body.stream_options?.include_usage === true
  const json = scenario.json || String(body.response_format?.type ?? '').startsWith('json')
  const tokens = mockTokens({ seed: scenario.seed, tokens: scenario.tokens, json })
  const limit = Math.min(limitFrom(body) ?? tokens.length, tokens.length)
  const truncated = limit < tokens.length
  const calls = truncated ? [] : planToolCalls(scenario)
  const timing = createRandom(scenario.seed, 'timing')
  // Every chunk carries the same envelope; `usage: null` until the last one, as OpenAI does.
  const envelope = (choices: unknown[], usage: unknown = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: 'fp_sluice_mock',
    choices,
    ...(withUsage ? { usage } : {}),
  })
  const choice = (delta: Delta, finishReason: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  })

  const steps: OpenAIStep[] = []
  const send = (delayMs: number, chunk: Record<string, unknown>) =>
    steps.push({ kind: 'chunk', delayMs, chunk })
  send(
    jitter(scenario.ttftMs, timing),
    envelope([choice({ role: 'assistant', content: '', refusal: null })]),
  )
  for (const [index, text] of tokens.slice(0, limit).entries()) {
    if (index === scenario.failAt) return [...steps, { kind: 'fail', delayMs: 0 }]
    send(
      index > 0 ? jitter(scenario.tokenDelayMs, timing) : 0,
      envelope([choice({ content: text })]),
    )
  }
  if (limit === scenario.failAt) return [...steps, { kind: 'fail', delayMs: 0 }]
  let outputTokens = limit
  for (const [index, call] of calls.entries()) {
    for (const [piece, argsDelta] of call.argsDeltas.entries()) {
      const fn = piece === 0 ? { name: call.name, arguments: '' } : { arguments: argsDelta }
      const head = piece === 0 ? { id: call.toolCallId, type: 'function' } : {}
      const delay = outputTokens > 0 ? jitter(scenario.tokenDelayMs, timing) : 0
      outputTokens++
      send(delay, envelope([choice({ tool_calls: [{ index, ...head, function: fn }] })]))
      // OpenAI names the call in a chunk of its own, with empty arguments; the first piece follows.
      if (piece === 0)
        send(0, envelope([choice({ tool_calls: [{ index, function: { arguments: argsDelta } }] })]))
    }
  }
  const finishReason = truncated ? 'length' : calls.length > 0 ? 'tool_calls' : 'stop'
  send(0, envelope([choice({}, finishReason)]))
  if (withUsage) {
    const prompt = promptTokens(body.messages)
    send(
      0,
      envelope([], {
        prompt_tokens: prompt,
        completion_tokens: outputTokens,
        total_tokens: prompt + outputTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      }),
    )
  }
  return steps
}
