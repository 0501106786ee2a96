import type { ProviderPart, ToolCallDeltaPart } from '@sluice/provider'
import { describe, expect, it } from 'vitest'
import {
  createMockProvider,
  ManualClock,
  MOCK_TOOL_NAMES,
  type MockScenario,
  mockTokens,
  mockToolCalls,
} from '../src/index.js'
import { mockRequest, type Run, runInVirtualTime, textOf } from './helpers/run.js'

/** With the `u` flag a surrogate pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u
const SEEDS = [1, 2, 7, -3, 1234, 2 ** 33 + 5]

async function run(scenario: Partial<MockScenario>, maxTokens?: number): Promise<Run> {
  const clock = new ManualClock()
  const provider = createMockProvider({ clock })
  const extra = maxTokens === undefined ? {} : { maxTokens }
  return runInVirtualTime(provider, clock, mockRequest(scenario, extra))
}

const partsOf = (run: Run): ProviderPart[] => run.parts.map(({ part }) => part)
const toolPartsOf = (run: Run) =>
  partsOf(run).filter((part): part is ToolCallDeltaPart => part.type === 'tool-call-delta')

/** The calls as a client assembles them: by id, in order of first delta. */
function assemble(parts: readonly ToolCallDeltaPart[]) {
  const calls = new Map<string, { toolCallId: string; name?: string; argsText: string }>()
  for (const { toolCallId, name, argsDelta } of parts) {
    const call = calls.get(toolCallId)
    if (call) call.argsText += argsDelta
    else
      calls.set(toolCallId, {
        toolCallId,
        ...(name === undefined ? {} : { name }),
        argsText: argsDelta,
      })
  }
  return [...calls.values()]
}

describe('mockToolCalls', () => {
  it('gives the same calls for the same seed, byte for byte, and others for another seed', () => {
    expect(mockToolCalls({ seed: 3, toolCalls: 5 })).toEqual(
      mockToolCalls({ seed: 3, toolCalls: 5 }),
    )
    const texts = SEEDS.map((seed) => JSON.stringify(mockToolCalls({ seed, toolCalls: 2 })))
    expect(new Set(texts).size).toBe(SEEDS.length)
  })

  it('gives seeded ids, known names and arguments that are JSON objects', () => {
    for (const seed of SEEDS) {
      const calls = mockToolCalls({ seed, toolCalls: 16 })
      expect(calls.map((call) => call.toolCallId)).toEqual(
        Array.from({ length: 16 }, (_, n) => `call_${seed}_${n}`),
      )
      for (const { name, argsText } of calls) {
        expect(MOCK_TOOL_NAMES).toContain(name)
        const args: unknown = JSON.parse(argsText)
        expect(args).toBeTypeOf('object')
        expect(Array.isArray(args)).toBe(false)
      }
    }
  })

  it('uses several tool names and argument sizes', () => {
    const calls = mockToolCalls({ seed: 1, toolCalls: 16 })
    expect(new Set(calls.map((call) => call.name)).size).toBeGreaterThan(3)
    const sizes = calls.map((call) => call.argsText.length)
    expect(Math.min(...sizes)).toBeLessThan(150)
    expect(Math.max(...sizes)).toBeGreaterThan(250)
  })

  it('makes a longer list extend a shorter one', () => {
    expect(mockToolCalls({ seed: 4, toolCalls: 5 }).slice(0, 3)).toEqual(
      mockToolCalls({ seed: 4, toolCalls: 3 }),
    )
  })

  it('gives no calls for toolCalls: 0', () => {
    expect(mockToolCalls({ seed: 1, toolCalls: 0 })).toEqual([])
  })
})

describe('tool calls in the stream', () => {
  it('streams the text, then each call in turn, then finishes with tool-calls', async () => {
    const scenario = { seed: 11, tokens: 6, toolCalls: 3 }
    const result = await run(scenario)
    const parts = partsOf(result)
    const types = parts.map((part) => part.type)
    const firstTool = types.indexOf('tool-call-delta')
    expect(result.error).toBeUndefined()
    expect(textOf(result)).toEqual(mockTokens({ ...scenario, json: false }))
    expect(firstTool).toBe(6)
    expect(types.slice(firstTool, -1).every((type) => type === 'tool-call-delta')).toBe(true)
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 4, outputTokens: parts.length - 1 },
    })
    expect(assemble(toolPartsOf(result))).toEqual(mockToolCalls(scenario))
  })

  it('names the tool on the first delta of each call only, and never interleaves calls', async () => {
    const toolParts = toolPartsOf(await run({ seed: 5, tokens: 2, toolCalls: 4 }))
    const ids = toolParts.map((part) => part.toolCallId)
    const runs = ids.filter((id, i) => id !== ids[i - 1])
    expect(runs).toEqual(['call_5_0', 'call_5_1', 'call_5_2', 'call_5_3'])
    const named = toolParts.flatMap((part, i) => (part.name === undefined ? [] : [i]))
    expect(named).toEqual(runs.map((id) => ids.indexOf(id)))
    expect(toolParts.length).toBeGreaterThan(4 * 3)
  })

  it('cuts arguments into 1–8 characters, keeping surrogate pairs whole', async () => {
    for (const seed of SEEDS) {
      const toolParts = toolPartsOf(await run({ seed, tokens: 0, toolCalls: 16 }))
      const lengths = toolParts.map(({ argsDelta }) => argsDelta.length)
      expect(Math.min(...lengths)).toBe(1)
      expect(Math.max(...lengths)).toBeLessThanOrEqual(9)
      expect(toolParts.filter(({ argsDelta }) => LONE_SURROGATE.test(argsDelta))).toEqual([])
    }
  })

  it('starts with the first call after the time to first token when there is no text', async () => {
    const result = await run({ tokens: 0, toolCalls: 1, ttftMs: 100, tokenDelayMs: 10 })
    const [first, ...rest] = result.parts
    expect(first?.part).toMatchObject({ type: 'tool-call-delta', toolCallId: 'call_1_0' })
    expect(first?.at).toBeGreaterThanOrEqual(50)
    const times = result.parts.map(({ at }) => at)
    const gaps = rest.slice(0, -1).map(({ at }, i) => at - (times[i] ?? 0))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15)
  })

  it('leaves the text and its timings as they are without tool calls', async () => {
    const scenario = { seed: 9, tokens: 12, tokenDelayMs: 10 }
    const without = await run(scenario)
    const withCalls = await run({ ...scenario, toolCalls: 2 })
    expect(withCalls.parts.slice(0, 12)).toEqual(without.parts.slice(0, 12))
    expect(partsOf(without).at(-1)).toMatchObject({ finishReason: 'stop' })
  })

  it('repeats the same parts at the same times for the same seed', async () => {
    const scenario = { seed: 21, tokens: 3, toolCalls: 2, tokenDelayMs: 4 }
    expect(await run(scenario)).toEqual(await run(scenario))
  })

  it('counts failAt in text tokens only: failing at the last token comes before any call', async () => {
    const result = await run({ tokens: 4, toolCalls: 2, failAt: 4 })
    expect(result.error).toMatchObject({ code: 'upstream-error' })
    expect(partsOf(result).map((part) => part.type)).toEqual(Array(4).fill('text-delta'))
  })

  it('counts stallAt in text tokens only: stalling at the last token delays the calls', async () => {
    const scenario = { tokens: 2, toolCalls: 1, ttftMs: 0, tokenDelayMs: 0 }
    const stalled = await run({ ...scenario, stallAt: 2, stallMs: 900 })
    expect(stalled.parts.map(({ at }) => at)).toEqual([
      0,
      0,
      ...Array<number>(stalled.parts.length - 2).fill(900),
    ])
    expect(partsOf(stalled)).toEqual(partsOf(await run(scenario)))
  })

  it('makes no calls when maxTokens cuts the text short, and finishes with length', async () => {
    const result = await run({ tokens: 10, toolCalls: 2 }, 4)
    expect(toolPartsOf(result)).toEqual([])
    expect(partsOf(result).at(-1)).toMatchObject({ finishReason: 'length' })
  })
})
