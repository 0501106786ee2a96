import { mockText } from '@sluice/mock-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonValue, StandardSchemaV1 } from '../../src/index.js'
import { clientFor, cuttingClient, startTestServer, type TestServer } from './helpers.js'

const scenario = { seed: 21, tokens: 60, ttftMs: 0, tokenDelayMs: 0 }
const request = {
  messages: [{ role: 'user' as const, content: 'Describe a river as JSON.' }],
  responseFormat: { type: 'json' as const },
  mock: scenario,
}
const expected = JSON.parse(mockText({ ...scenario, json: true })) as JsonValue
let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

/** A partial value never contradicts the final one: strings are prefixes, containers subsets. */
function consistent(partial: JsonValue | undefined, final: JsonValue): boolean {
  if (partial === undefined) return true
  if (typeof partial === 'string') return typeof final === 'string' && final.startsWith(partial)
  if (Array.isArray(partial)) {
    return (
      Array.isArray(final) &&
      partial.length <= final.length &&
      partial.every((item, i) => consistent(item, final[i] as JsonValue))
    )
  }
  if (partial !== null && typeof partial === 'object') {
    if (final === null || typeof final !== 'object' || Array.isArray(final)) return false
    return Object.entries(partial).every(
      ([key, value]) => Object.hasOwn(final, key) && consistent(value, final[key] as JsonValue),
    )
  }
  return Object.is(partial, final)
}

describe('structured output against the real server', () => {
  it('streams partial values of a JSON response through a cut, ending with the parsed document', async () => {
    const { client } = cuttingClient(server, [25])
    const partials: (JsonValue | undefined)[] = []
    let finishedFields = 0
    const stream = client.start(request, {
      onJson: (json) => {
        partials.push(json.value)
        if (json.value !== null && typeof json.value === 'object' && !Array.isArray(json.value)) {
          finishedFields = Object.keys(json.value).filter((key) => json.isComplete([key])).length
        }
      },
    })
    const iterated: (JsonValue | undefined)[] = []
    for await (const value of stream.partialJson()) iterated.push(value)
    const result = await stream.result

    expect(result.json).toEqual(expected)
    expect(iterated.at(-1)).toEqual(expected)
    expect(partials.length).toBeGreaterThan(10)
    expect(partials.every((partial) => consistent(partial, expected))).toBe(true)
    expect(finishedFields).toBe(Object.keys(expected as object).length)
    expect(stream.metrics.reconnects).toBe(1)
    expect(stream.json?.done).toBe(true)
  })

  it('validates the final value with a Standard Schema and fails on a mismatch', async () => {
    const rejectAll: StandardSchemaV1<never> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => ({ issues: [{ message: 'not wanted', path: ['title'] }] }),
      },
    }
    const stream = clientFor(server).start(request, { json: { schema: rejectAll } })
    await expect(stream.result).rejects.toMatchObject({ code: 'schema-mismatch' })
    const accept: StandardSchemaV1<string> = {
      '~standard': { version: 1, vendor: 'test', validate: () => ({ value: 'accepted' }) },
    }
    const ok = clientFor(server).start(request, { json: { schema: accept } })
    expect((await ok.result).json).toBe('accepted')
  })
})
