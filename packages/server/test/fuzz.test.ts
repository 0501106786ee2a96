import { createMockProvider } from '@sluice/mock-provider'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSluiceServer, type SluiceServer } from '../src/index.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
const internalErrors: unknown[] = []
/** A real stream, so that some ids, tokens and cursors hit something. */
let known: { streamId: string; token: string }

beforeAll(async () => {
  server = createSluiceServer({
    providers: [createMockProvider()],
    maxBodyBytes: 4_096,
    onInternalError: (error) => internalErrors.push(error),
  })
  const { response, streamId, token } = await startStream(server.app, validBody)
  await response.text()
  known = { streamId, token }
})
afterAll(() => server.close())

const validBody = {
  messages: [{ role: 'user', content: 'hi' }],
  mock: { tokens: 2, ttftMs: 0, tokenDelayMs: 0 },
}

function post(body: string, headers: Record<string, string>) {
  return server.app.request('/v1/streams', { method: 'POST', body, headers })
}

/** Statuses seen, so that a test can show its inputs reached past validation. */
const seen = new Map<number, number>()

/**
 * Never a 5xx; a JSON error, a stream that ends with one terminal event, a 204 for a resume
 * at the end, or a cancel's 202.
 */
async function expectWellFormed(response: Response) {
  seen.set(response.status, (seen.get(response.status) ?? 0) + 1)
  expect(response.status).toBeLessThan(500)
  const type = response.headers.get('Content-Type') ?? ''
  if (response.status === 204) return
  if (response.status === 200 && type.startsWith('text/event-stream')) {
    const text = await response.text()
    expect(text.match(/^event: (stream-end|error)$/gm)).toHaveLength(1)
    return
  }
  expect(type).toMatch(/^application\/json/)
  if (response.status === 202) {
    expect(await response.json()).toMatchObject({
      state: expect.stringMatching(/^(cancelled|ended)$/),
    })
    return
  }
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
  expect(typeof body.error?.code).toBe('string')
  expect(typeof body.error?.message).toBe('string')
}

/** Header values a `Request` accepts (visible ASCII and spaces). */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
})
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const noisy = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double())

/** Bodies near the schema: right field names, values of any shape, small mock scenarios. */
const nearValidBody = fc.record(
  {
    messages: fc.oneof(
      fc.array(
        fc.record(
          {
            role: fc.oneof(fc.constantFrom('system', 'user', 'assistant'), noisy),
            content: fc.oneof(fc.string(), noisy),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      noisy,
    ),
    provider: fc.oneof(fc.constantFrom('mock', 'openai'), noisy),
    model: fc.oneof(fc.string(), noisy),
    maxTokens: fc.oneof(fc.integer({ min: -2, max: 10 }), noisy),
    temperature: fc.oneof(fc.double({ min: -1, max: 3 }), noisy),
    responseFormat: fc.oneof(fc.record({ type: fc.constantFrom('text', 'json', 'xml') }), noisy),
    mock: fc.oneof(
      fc.record(
        {
          seed: fc.oneof(fc.integer(), noisy),
          tokens: fc.integer({ min: -2, max: 6 }),
          ttftMs: fc.constantFrom(0, -1, 'x'),
          tokenDelayMs: fc.constantFrom(0, 1e9),
          failAt: fc.integer({ min: -1, max: 7 }),
          stallAt: fc.integer({ min: -1, max: 7 }),
          stallMs: fc.constantFrom(0, 1, -5),
          json: fc.oneof(fc.boolean(), noisy),
          toolCalls: fc.integer({ min: -1, max: 2 }),
        },
        { requiredKeys: [] },
      ),
      noisy,
    ),
  },
  { requiredKeys: [] },
)

/** Valid bodies with arbitrary text, scenarios and options: these reach the producer. */
const validish = fc.record(
  {
    messages: fc.array(
      fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.string() }),
      { minLength: 1, maxLength: 3 },
    ),
    maxTokens: fc.integer({ min: 1, max: 10 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    responseFormat: fc.record({ type: fc.constantFrom('text', 'json') }),
    mock: fc.record(
      {
        seed: fc.integer(),
        tokens: fc.integer({ min: 0, max: 6 }),
        ttftMs: fc.constant(0),
        tokenDelayMs: fc.constant(0),
        failAt: fc.integer({ min: 0, max: 6 }),
        json: fc.boolean(),
        toolCalls: fc.integer({ min: 0, max: 1 }),
      },
      { requiredKeys: ['ttftMs', 'tokenDelayMs'] },
    ),
  },
  { requiredKeys: ['messages', 'mock'] },
)

const body = fc.oneof(
  validish.map((value) => JSON.stringify(value)),
  nearValidBody.map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string(),
)

const headers = fc.record(
  {
    'Content-Type': fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
      },
      fc.constant('text/plain'),
      headerValue,
    ),
    'Idempotency-Key': headerValue,
    Authorization: headerValue,
    'Last-Event-ID': headerValue,
  },
  { requiredKeys: ['Content-Type'] },
)

const runs = { numRuns: 300, seed: 7 }

describe('fuzzing the API: never a 5xx, never a crash', () => {
  it('POST /v1/streams with arbitrary bodies and headers', async () => {
    await fc.assert(
      fc.asyncProperty(body, headers, async (body, headers) => {
        await expectWellFormed(await post(body, headers))
      }),
      runs,
    )
    await server.service.idle()
    expect(internalErrors).toEqual([])
    expect(seen.get(200)).toBeGreaterThan(0)
  })

  it.each(['GET', 'DELETE'])(
    '%s /v1/streams/:id with arbitrary ids, tokens and cursors',
    async (method) => {
      const id = fc.oneof(
        fc.constant(known.streamId),
        fc.string().map((value) => encodeURIComponent(value)),
        headerValue.map((value) => `str_${encodeURIComponent(value)}`),
      )
      const token = fc.oneof(fc.constant(known.token), headerValue)
      const cursor = fc.oneof(
        fc.nat({ max: 10 }).map(String),
        fc.integer().map(String),
        headerValue,
      )
      const query = fc.record({ lastEventId: cursor, token }, { requiredKeys: [] })
      await fc.assert(
        fc.asyncProperty(id, query, headers, maybe(token), async (id, query, headers, bearer) => {
          const search = new URLSearchParams(query).toString()
          const response = await server.app.request(`/v1/streams/${id}?${search}`, {
            method,
            headers: {
              ...headers,
              ...(bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` }),
            },
          })
          await expectWellFormed(response)
        }),
        runs,
      )
      expect(internalErrors).toEqual([])
    },
  )
})
