import { splitWithRandom } from './deltas.js'
import { writeJson } from './json-text.js'
import { createRandom, pick, randomInt } from './random.js'
import type { MockScenario } from './scenario.js'
import { structuredJsonNode } from './structured-document.js'

/** The tools the mock calls, one picked per call. */
export const MOCK_TOOL_NAMES = [
  'get_weather',
  'search_docs',
  'create_ticket',
  'send_email',
  'lookup_order',
  'schedule_meeting',
  'run_query',
  'translate_text',
] as const

/** Tool arguments are small documents: from a couple of fields to a record with nested objects. */
const ARGS_BYTES = { min: 24, max: 480 } as const
/** Argument deltas are 1 to this many characters. */
const MAX_ARGS_DELTA = 8

/** A finished tool call, as a client assembles it from its deltas. */
export interface MockToolCall {
  toolCallId: string
  name: string
  /** The arguments' JSON text, whole. */
  argsText: string
}

/** A tool call and the argument deltas it streams in. */
export interface PlannedToolCall extends MockToolCall {
  argsDeltas: string[]
}

/** The part of a scenario that decides the tool calls. */
export type MockToolCallOptions = Pick<MockScenario, 'seed' | 'toolCalls'>

/**
 * The tool calls a scenario makes, one after another, on a random stream of their own so that
 * they never shift the text or the timings. Deltas keep surrogate pairs whole, as text that
 * travels as UTF-8 does.
 */
export function planToolCalls({ seed, toolCalls }: MockToolCallOptions): PlannedToolCall[] {
  const random = createRandom(seed, 'tool-calls')
  return Array.from({ length: toolCalls }, (_, index) => {
    const name = pick(random, MOCK_TOOL_NAMES)
    const size = ARGS_BYTES.min + randomInt(random, ARGS_BYTES.max - ARGS_BYTES.min + 1)
    const argsText = writeJson(structuredJsonNode(random, size))
    const argsDeltas = splitWithRandom(argsText, random, {
      maxLength: MAX_ARGS_DELTA,
      keepSurrogatePairs: true,
    })
    return { toolCallId: `call_${seed}_${index}`, name, argsText, argsDeltas }
  })
}

/**
 * The tool calls an uninterrupted stream of the scenario ends with, in order: ids
 * `call_<seed>_<index>` (index from 0), names from `MOCK_TOOL_NAMES`, and arguments that are a
 * seeded JSON object.
 */
export function mockToolCalls(options: MockToolCallOptions): MockToolCall[] {
  return planToolCalls(options).map(({ toolCallId, name, argsText }) => ({
    toolCallId,
    name,
    argsText,
  }))
}
