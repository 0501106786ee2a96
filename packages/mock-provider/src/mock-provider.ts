import type {
  LanguageModelProvider,
  ProviderFinishReason,
  ProviderPart,
  ProviderRequest,
  ProviderUsage,
  ToolCallDeltaPart,
} from '@sluice/provider'
import { ProviderError } from '@sluice/provider'
import { type Clock, systemClock } from './clock.js'
import { createRandom } from './random.js'
import { type MockScenario, resolveMockScenario } from './scenario.js'
import { jitter } from './schedule.js'
import { mockTokens } from './text.js'
import { type PlannedToolCall, planToolCalls } from './tool-calls.js'

/** What the mock has seen, so tests can assert "called once" and "cancelled". */
export interface MockProviderStats {
  /** Streams started. */
  readonly calls: number
  /** Streams ended because their signal aborted. */
  readonly cancellations: number
  /** Streams that yielded their `finish` part. */
  readonly completed: number
  /** Streams that threw anything but their signal's reason. */
  readonly failed: number
}

export interface MockProvider extends LanguageModelProvider {
  readonly id: 'mock'
  readonly defaultModel: 'mock-1'
  /** A snapshot of the counters since creation or the last `resetStats()`. */
  readonly stats: MockProviderStats
  resetStats(): void
}

export interface MockProviderOptions {
  /**
   * Where delays and stalls take their time; a `ManualClock` runs the mock in virtual time.
   * @defaultValue `systemClock`
   */
  clock?: Clock
}

type Counters = { -readonly [K in keyof MockProviderStats]: number }

const zeroCounters = (): Counters => ({ calls: 0, cancellations: 0, completed: 0, failed: 0 })

/** Rough but deterministic: real tokenizers average about four characters a token. */
function countInputTokens(request: ProviderRequest): number {
  const chars = request.messages.reduce((sum, message) => sum + message.content.length, 0)
  return Math.ceil(chars / 4)
}

function tokenLimit(request: ProviderRequest, available: number): number {
  const { maxTokens } = request
  if (maxTokens === undefined) return available
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 1) {
    throw new ProviderError('bad-request', `maxTokens must be a positive integer, got ${maxTokens}`)
  }
  return Math.min(maxTokens, available)
}

/** The faults due once `yielded` tokens are out: the stall first, then the failure. */
async function faultsAfter(
  yielded: number,
  scenario: MockScenario,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  signal.throwIfAborted()
  if (yielded === scenario.stallAt && scenario.stallMs !== undefined) {
    await clock.sleep(scenario.stallMs, signal)
  }
  if (yielded === scenario.failAt) {
    throw new ProviderError('upstream-error', `mock upstream failed after ${yielded} tokens`, {
      retryable: true,
    })
  }
}

/** Each call's deltas in turn; the first delta of a call names its tool. */
function toolCallParts(calls: readonly PlannedToolCall[]): ToolCallDeltaPart[] {
  return calls.flatMap(({ toolCallId, name, argsDeltas }) =>
    argsDeltas.map((argsDelta, index): ToolCallDeltaPart => {
      const part: ToolCallDeltaPart = { type: 'tool-call-delta', toolCallId, argsDelta }
      return index === 0 ? { ...part, name } : part
    }),
  )
}

function finishReason(truncated: boolean, toolCalls: number): ProviderFinishReason {
  if (truncated) return 'length'
  return toolCalls > 0 ? 'tool-calls' : 'stop'
}

async function* generateParts(
  request: ProviderRequest,
  clock: Clock,
  signal: AbortSignal,
): AsyncGenerator<ProviderPart, void, undefined> {
  signal.throwIfAborted()
  const scenario = resolveMockScenario(request.providerOptions?.mock)
  const json = scenario.json || request.responseFormat?.type === 'json'
  const tokens = mockTokens({ seed: scenario.seed, tokens: scenario.tokens, json })
  const limit = tokenLimit(request, tokens.length)
  const truncated = limit < tokens.length
  // A model cut off by maxTokens never gets to its tool calls.
  const calls = truncated ? [] : planToolCalls(scenario)
  // Its own stream, so that timings never shift the text and the text never shifts timings.
  const timing = createRandom(scenario.seed, 'timing')

  await clock.sleep(jitter(scenario.ttftMs, timing), signal)
  for (const [index, text] of tokens.slice(0, limit).entries()) {
    await faultsAfter(index, scenario, clock, signal)
    if (index > 0) await clock.sleep(jitter(scenario.tokenDelayMs, timing), signal)
    yield { type: 'text-delta', text }
  }
  // Faults count text tokens only, so they all fall before the tool calls.
  await faultsAfter(limit, scenario, clock, signal)
  let outputTokens = limit
  for (const part of toolCallParts(calls)) {
    if (outputTokens > 0) await clock.sleep(jitter(scenario.tokenDelayMs, timing), signal)
    outputTokens++
    yield part
  }
  const usage: ProviderUsage = { inputTokens: countInputTokens(request), outputTokens }
  yield { type: 'finish', finishReason: finishReason(truncated, calls.length), usage }
}

async function* countOutcome(
  parts: AsyncGenerator<ProviderPart, void, undefined>,
  counters: Counters,
  signal: AbortSignal,
): AsyncGenerator<ProviderPart, void, undefined> {
  counters.calls++
  let settled = false
  try {
    for await (const part of parts) {
      // Counted before yielding: a consumer is done once it has the finish part and may
      // never resume this generator.
      if (part.type === 'finish') {
        settled = true
        counters.completed++
      }
      yield part
    }
  } catch (error) {
    settled = true
    if (signal.aborted) counters.cancellations++
    else counters.failed++
    throw error
  } finally {
    // A consumer that aborts and then stops iterating (`return()`) cancelled the stream too.
    if (!settled && signal.aborted) counters.cancellations++
  }
}

/**
 * A deterministic, seeded model: the scenario in `providerOptions.mock` decides its text, tool
 * calls, pacing and faults (see `mockScenarioSchema`). Tool-call deltas follow the text, paced
 * like tokens, and count as output tokens in the usage.
 */
export function createMockProvider(options: MockProviderOptions = {}): MockProvider {
  const clock = options.clock ?? systemClock
  const counters = zeroCounters()
  return {
    specificationVersion: 'v1',
    id: 'mock',
    defaultModel: 'mock-1',
    get stats(): MockProviderStats {
      return { ...counters }
    },
    resetStats() {
      Object.assign(counters, zeroCounters())
    },
    stream: (request, { signal }) =>
      countOutcome(generateParts(request, clock, signal), counters, signal),
  }
}
