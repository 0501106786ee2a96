import { ProviderError } from '@sluice/provider'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { MOCK_DEFAULTS, mockScenarioSchema, resolveMockScenario } from '../src/index.js'

function expectBadRequest(input: unknown): ProviderError {
  let thrown: unknown
  try {
    resolveMockScenario(input)
  } catch (error) {
    thrown = error
  }
  expect(ProviderError.is(thrown), 'expected a ProviderError').toBe(true)
  const error = thrown as ProviderError
  expect(error.code).toBe('bad-request')
  expect(error.retryable).toBe(false)
  return error
}

describe('resolveMockScenario', () => {
  it('applies every default to an absent or empty scenario', () => {
    expect(resolveMockScenario(undefined)).toEqual(MOCK_DEFAULTS)
    expect(resolveMockScenario({})).toEqual(MOCK_DEFAULTS)
  })

  it('keeps what it is given and accepts its own output again', () => {
    const input = {
      seed: -42,
      tokens: 10,
      ttftMs: 0,
      tokenDelayMs: 2.5,
      failAt: 10,
      stallAt: 0,
      stallMs: 600_000,
      json: true,
      toolCalls: 16,
    }
    const scenario = resolveMockScenario(input)
    expect(scenario).toEqual(input)
    expect(resolveMockScenario(scenario)).toEqual(scenario)
  })

  // [input, the field the message must name]
  const invalid: [unknown, string][] = [
    [{ seed: '1' }, 'mock.seed'],
    [{ seed: 1.5 }, 'mock.seed'],
    [{ seed: 2 ** 53 }, 'mock.seed'],
    [{ tokens: -1 }, 'mock.tokens'],
    [{ tokens: 2.5 }, 'mock.tokens'],
    [{ tokens: 100_001 }, 'mock.tokens'],
    [{ tokens: null }, 'mock.tokens'],
    [{ ttftMs: -1 }, 'mock.ttftMs'],
    [{ ttftMs: 600_001 }, 'mock.ttftMs'],
    [{ ttftMs: '30' }, 'mock.ttftMs'],
    [{ ttftMs: Number.POSITIVE_INFINITY }, 'mock.ttftMs'],
    [{ tokenDelayMs: -0.5 }, 'mock.tokenDelayMs'],
    [{ tokenDelayMs: 60_001 }, 'mock.tokenDelayMs'],
    [{ tokenDelayMs: Number.NaN }, 'mock.tokenDelayMs'],
    [{ failAt: -1 }, 'mock.failAt'],
    [{ failAt: 0.5 }, 'mock.failAt'],
    [{ failAt: '3' }, 'mock.failAt'],
    [{ failAt: 65 }, 'mock.failAt'],
    [{ tokens: 4, failAt: 5 }, 'mock.failAt'],
    [{ stallAt: -1, stallMs: 10 }, 'mock.stallAt'],
    [{ stallAt: 1.5, stallMs: 10 }, 'mock.stallAt'],
    [{ stallAt: 65, stallMs: 10 }, 'mock.stallAt'],
    [{ stallAt: 3 }, 'mock.stallMs'],
    [{ stallMs: 10 }, 'mock.stallAt'],
    [{ stallAt: 3, stallMs: -1 }, 'mock.stallMs'],
    [{ stallAt: 3, stallMs: 600_001 }, 'mock.stallMs'],
    [{ json: 'true' }, 'mock.json'],
    [{ json: 1 }, 'mock.json'],
    [{ toolCalls: -1 }, 'mock.toolCalls'],
    [{ toolCalls: 17 }, 'mock.toolCalls'],
    [{ toolCalls: 1.5 }, 'mock.toolCalls'],
    [{ toolCalls: '2' }, 'mock.toolCalls'],
    [{ toolCalls: null }, 'mock.toolCalls'],
    [{ failat: 3 }, '"failat"'],
    [{ tokens: 3, extra: true }, '"extra"'],
    ['fast', 'mock:'],
    [null, 'mock:'],
    [[], 'mock:'],
  ]

  it.each(invalid)('rejects %j, naming %s', (input, field) => {
    expect(expectBadRequest(input).message).toContain(field)
  })

  it('accepts 0 to 16 tool calls, none by default', () => {
    expect(resolveMockScenario({}).toolCalls).toBe(0)
    expect(resolveMockScenario({ toolCalls: 0 }).toolCalls).toBe(0)
    expect(resolveMockScenario({ toolCalls: 16, tokens: 0 }).toolCalls).toBe(16)
  })

  it('names every invalid field at once', () => {
    const { message } = expectBadRequest({ tokens: -1, json: 'yes' })
    expect(message).toContain('mock.tokens')
    expect(message).toContain('mock.json')
  })
})

describe('mockScenarioSchema', () => {
  it('reports cross-field rules at the field, for a server that composes it', () => {
    const body = z.object({ mock: mockScenarioSchema.optional() })
    const result = body.safeParse({ mock: { tokens: 2, failAt: 3, stallAt: 1 } })
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['mock', 'failAt'],
      ['mock', 'stallMs'],
    ])
  })
})
