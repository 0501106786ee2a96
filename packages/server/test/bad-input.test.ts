import { createMockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, type SluiceServer } from '../src/index.js'
import { startStream } from './helpers/post-stream.js'

const valid = {
  messages: [{ role: 'user', content: 'hi' }],
  mock: { tokens: 3, ttftMs: 0, tokenDelayMs: 0 },
}
let server: SluiceServer

afterEach(() => server?.close())

function setup(maxBodyBytes = 4096) {
  const mock = createMockProvider()
  server = createSluiceServer({ providers: [mock], maxBodyBytes, heartbeatMs: 60_000 })
  return { mock, app: server.app }
}

function post(
  body: string | ReadableStream,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) {
  return server.app.request('/v1/streams', { method: 'POST', body, headers })
}

async function expectApiError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
  const body = (await response.json()) as {
    error: { code: string; message: string; issues?: { path: string }[] }
  }
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(0)
  return body
}

async function startIdleStream() {
  const { response, streamId, token } = await startStream(server.app, valid)
  expect(response.status).toBe(200)
  await response.body?.cancel()
  await server.service.idle()
  return { streamId, token }
}

describe('POST /v1/streams refuses bad input with a JSON error, never a 500', () => {
  it('refuses malformed JSON with 400 invalid-json', async () => {
    setup()
    await expectApiError(await post('{"messages": ['), 400, 'invalid-json')
  })

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['json-ish prefix', 'application/jsonp'],
  ])('refuses %s with 415', async (_, type) => {
    setup()
    await expectApiError(
      await post(JSON.stringify(valid), { 'Content-Type': type }),
      415,
      'unsupported-media-type',
    )
  })

  it('refuses a missing content type with 415', async () => {
    setup()
    await expectApiError(await post(JSON.stringify(valid), {}), 415, 'unsupported-media-type')
  })

  it('accepts a JSON content type with a charset', async () => {
    const { mock } = setup()
    const response = await post(JSON.stringify(valid), {
      'Content-Type': 'application/json; charset=utf-8',
    })
    expect(response.status).toBe(200)
    await response.text()
    expect(mock.stats.calls).toBe(1)
  })

  it('refuses a body over the limit with 413, with or without Content-Length', async () => {
    setup(1000)
    const big = JSON.stringify({
      ...valid,
      messages: [{ role: 'user', content: 'x'.repeat(2000) }],
    })
    await expectApiError(await post(big), 413, 'body-too-large')
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      },
    })
    const response = await server.app.request('/v1/streams', {
      method: 'POST',
      body: chunked,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    await expectApiError(response, 413, 'body-too-large')
  })

  it('checks a declared Content-Length on the header, as Node sends a request', async () => {
    setup(1000)
    const fits = JSON.stringify(valid)
    const declared = (body: string) => ({
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
    })
    const big = JSON.stringify({
      ...valid,
      messages: [{ role: 'user', content: 'x'.repeat(2000) }],
    })
    await expectApiError(await post(big, declared(big)), 413, 'body-too-large')
    const accepted = await post(fits, declared(fits))
    expect(accepted.status).toBe(200)
    await accepted.body?.cancel()
  })

  it.each<[string, unknown, string]>([
    ['no messages', { mock: valid.mock }, 'messages'],
    ['empty messages', { messages: [] }, 'messages'],
    ['messages not an array', { messages: 'hi' }, 'messages'],
    ['a body that is an array', [valid], ''],
    ['a body that is null', null, ''],
    ['an unknown role', { messages: [{ role: 'robot', content: 'hi' }] }, 'messages.0.role'],
    ['content not a string', { messages: [{ role: 'user', content: 5 }] }, 'messages.0.content'],
    ['a message without content', { messages: [{ role: 'user' }] }, 'messages.0.content'],
    [
      'an unknown message field',
      { messages: [{ role: 'user', content: 'x', name: 1 }] },
      'messages.0',
    ],
    ['maxTokens of 0', { ...valid, maxTokens: 0 }, 'maxTokens'],
    ['maxTokens not an integer', { ...valid, maxTokens: 1.5 }, 'maxTokens'],
    ['temperature above 2', { ...valid, temperature: 3 }, 'temperature'],
    ['temperature as a string', { ...valid, temperature: '1' }, 'temperature'],
    [
      'an unknown responseFormat',
      { ...valid, responseFormat: { type: 'xml' } },
      'responseFormat.type',
    ],
    ['an empty provider', { ...valid, provider: '' }, 'provider'],
    ['a numeric model', { ...valid, model: 4 }, 'model'],
    ['negative mock tokens', { ...valid, mock: { tokens: -1 } }, 'mock.tokens'],
    ['an unknown mock field', { ...valid, mock: { color: 'red' } }, 'mock'],
    ['an unknown top-level field', { ...valid, stream: true }, ''],
  ])('refuses %s with 422 naming the field', async (_, body, path) => {
    setup()
    const { error } = await expectApiError(await post(JSON.stringify(body)), 422, 'invalid-request')
    expect(error.issues?.map((issue) => issue.path)).toContain(path)
  })

  it('refuses an unknown provider with 422 and names the known ones', async () => {
    const { mock } = setup()
    const body = await expectApiError(
      await post(JSON.stringify({ ...valid, provider: 'gpt' })),
      422,
      'unknown-provider',
    )
    expect(body.error.message).toContain('mock')
    expect(mock.stats.calls).toBe(0)
  })

  it('refuses an Idempotency-Key over 255 characters with 400', async () => {
    const { mock } = setup()
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k'.repeat(256) }
    await expectApiError(await post(JSON.stringify(valid), headers), 400, 'invalid-request')
    expect(mock.stats.calls).toBe(0)
  })

  it('refuses a reused Idempotency-Key with another body, and calls the model once', async () => {
    const { mock } = setup()
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-1' }
    const first = await post(JSON.stringify(valid), headers)
    await first.text()
    const other = JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'other' }] })
    await expectApiError(await post(other, headers), 422, 'idempotency-key-reused')
    expect(mock.stats.calls).toBe(1)
  })
})

describe('GET and DELETE /v1/streams/:id refuse bad input', () => {
  it.each(['-1', 'abc', '1.5', '01', '1e3', '+7', '7 7'])(
    'refuses cursor %j with 400 invalid-cursor',
    async (cursor) => {
      setup()
      const { streamId, token } = await startIdleStream()
      const auth = { Authorization: `Bearer ${token}` }
      const viaHeader = await server.app.request(`/v1/streams/${streamId}`, {
        headers: { ...auth, 'Last-Event-ID': cursor },
      })
      await expectApiError(viaHeader, 400, 'invalid-cursor')
      const viaQuery = await server.app.request(
        `/v1/streams/${streamId}?lastEventId=${encodeURIComponent(cursor)}`,
        { headers: auth },
      )
      await expectApiError(viaQuery, 400, 'invalid-cursor')
    },
  )

  it('refuses a cursor beyond the last event with 409', async () => {
    setup()
    const { streamId, token } = await startIdleStream()
    const response = await server.app.request(`/v1/streams/${streamId}?lastEventId=99`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    await expectApiError(response, 409, 'cursor-out-of-range')
  })

  it.each(['GET', 'DELETE'])(
    '%s: unknown stream is 404, no token 401, wrong token 403',
    async (method) => {
      setup()
      const { streamId, token } = await startIdleStream()
      const request = (id: string, headers: Record<string, string> = {}) =>
        server.app.request(`/v1/streams/${id}`, { method, headers })
      await expectApiError(
        await request('str_guessed', { Authorization: `Bearer ${token}` }),
        404,
        'stream-not-found',
      )
      const noToken = await request(streamId)
      expect(noToken.headers.get('WWW-Authenticate')).toBe('Bearer')
      await expectApiError(noToken, 401, 'token-required')
      await expectApiError(
        await request(streamId, { Authorization: 'Bearer nope' }),
        403,
        'invalid-token',
      )
      const almost = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
      await expectApiError(
        await request(streamId, { Authorization: `Bearer ${almost}` }),
        403,
        'invalid-token',
      )
      await expectApiError(await request(`${streamId}?token=wrong`), 403, 'invalid-token')
    },
  )

  it('answers unknown routes and methods with a JSON 404', async () => {
    setup()
    await expectApiError(await server.app.request('/v2/streams'), 404, 'not-found')
    await expectApiError(
      await server.app.request('/v1/streams', { method: 'PUT' }),
      404,
      'not-found',
    )
  })
})
