import { createMockProvider } from '@sluice/mock-provider'
import { decodeEvent, type SluiceEvent } from '@sluice/protocol'
import { type LanguageModelProvider, ProviderError, type ProviderPart } from '@sluice/provider'
import { createParser } from 'eventsource-parser'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, type SluiceServer } from '../src/index.js'
import { postStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

function providerOf(id: string, stream: LanguageModelProvider['stream']): LanguageModelProvider {
  return { specificationVersion: 'v1', id, defaultModel: `${id}-model`, stream }
}

const startStream = (headers: Record<string, string> = {}, extra: object = {}) =>
  postStream(server.app, extra, { headers })

function parseEvents(text: string): SluiceEvent[] {
  const events: SluiceEvent[] = []
  createParser({
    onEvent: (message) => {
      const event = decodeEvent(message)
      if (event) events.push(event)
    },
  }).feed(text)
  return events
}

async function eventsOf(response: Response) {
  return parseEvents(await response.text())
}

describe('the producer', () => {
  it('maps text, tool-call and finish parts to protocol events', async () => {
    const parts: ProviderPart[] = [
      { type: 'text-delta', text: 'Hello' },
      { type: 'tool-call-delta', toolCallId: 'call_1', name: 'weather', argsDelta: '{"city":' },
      { type: 'tool-call-delta', toolCallId: 'call_1', argsDelta: '"Oslo"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 3, outputTokens: 4 } },
    ]
    server = createSluiceServer({
      providers: [
        providerOf('scripted', async function* () {
          yield* parts
        }),
      ],
    })
    const events = await eventsOf(await startStream())
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'stream-start'],
      [2, 'text-delta'],
      [3, 'tool-call-delta'],
      [4, 'tool-call-delta'],
      [5, 'stream-end'],
    ])
    expect(events[0]?.data).toMatchObject({ provider: 'scripted', model: 'scripted-model' })
    expect(events[2]?.data).toEqual({
      toolCallId: 'call_1',
      name: 'weather',
      argsDelta: '{"city":',
    })
    expect(events[3]?.data).toEqual({ toolCallId: 'call_1', argsDelta: '"Oslo"}' })
    expect(events[4]?.data).toEqual({
      finishReason: 'tool-calls',
      usage: { inputTokens: 3, outputTokens: 4 },
    })
  })

  it.each([
    ['rate-limited', 'upstream-rate-limited'],
    ['overloaded', 'upstream-overloaded'],
    ['auth', 'upstream-auth'],
    ['timeout', 'upstream-timeout'],
  ] as const)('turns a ProviderError %s into an error event %s', async (code, streamCode) => {
    server = createSluiceServer({
      providers: [
        providerOf('failing', async function* () {
          yield { type: 'text-delta', text: 'a' }
          throw new ProviderError(code, `upstream said ${code}`, { retryable: true })
        }),
      ],
    })
    const events = await eventsOf(await startStream())
    expect(events.at(-1)).toEqual({
      seq: 3,
      type: 'error',
      data: { code: streamCode, message: `upstream said ${code}`, retryable: true },
    })
  })

  it('hides the message of an unexpected error and reports it to the host', async () => {
    const reported: unknown[] = []
    server = createSluiceServer({
      onInternalError: (error) => reported.push(error),
      providers: [
        providerOf('buggy', () => {
          throw new Error('secret path /etc/keys')
        }),
      ],
    })
    const events = await eventsOf(await startStream())
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      data: { code: 'internal-error', retryable: true },
    })
    expect(JSON.stringify(events)).not.toContain('secret')
    expect(reported).toHaveLength(1)
  })

  it('ends a provider that stops without a finish part with upstream-malformed', async () => {
    server = createSluiceServer({
      providers: [
        providerOf('truncated', async function* () {
          yield { type: 'text-delta', text: 'a' }
        }),
      ],
    })
    const events = await eventsOf(await startStream())
    expect(events.at(-1)).toMatchObject({ type: 'error', data: { code: 'upstream-malformed' } })
  })

  it('cancels even a provider that ignores its signal', async () => {
    server = createSluiceServer({
      providers: [
        providerOf('deaf', async function* () {
          yield { type: 'text-delta', text: 'a' }
          await new Promise(() => {}) // never resolves, never looks at the signal
        }),
      ],
    })
    const response = await startStream()
    const streamId = response.headers.get('X-Stream-Id')
    const token = response.headers.get('X-Resume-Token')
    const cancel = await server.app.request(`/v1/streams/${streamId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(cancel.status).toBe(202)
    expect(await cancel.json()).toEqual({ streamId, state: 'cancelled' })
    const events = await eventsOf(response)
    expect(events.at(-1)).toMatchObject({ type: 'stream-end', data: { finishReason: 'cancelled' } })
    expect(events.filter((e) => e.type === 'stream-end' || e.type === 'error')).toHaveLength(1)
  })

  it('answers a cancel of a finished stream with state ended', async () => {
    server = createSluiceServer({ providers: [createMockProvider()] })
    const response = await startStream({}, { mock: { tokens: 1, ttftMs: 0, tokenDelayMs: 0 } })
    await response.text()
    const cancel = await server.app.request(`/v1/streams/${response.headers.get('X-Stream-Id')}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${response.headers.get('X-Resume-Token')}` },
    })
    expect(cancel.status).toBe(202)
    expect(await cancel.json()).toMatchObject({ state: 'ended' })
  })

  it('keeps generating when its reader disconnects: a disconnect is not a cancel', async () => {
    const mock = createMockProvider()
    server = createSluiceServer({ providers: [mock] })
    const response = await startStream({}, { mock: { tokens: 20, ttftMs: 0, tokenDelayMs: 1 } })
    const reader = response.body?.getReader()
    await reader?.read()
    await reader?.cancel()
    await server.service.idle()
    expect(mock.stats).toMatchObject({ calls: 1, cancellations: 0, completed: 1 })
  })

  it('calls the model once for POSTs repeated with one Idempotency-Key, and replays the stream to each', async () => {
    const mock = createMockProvider()
    server = createSluiceServer({ providers: [mock] })
    const headers = { 'Idempotency-Key': 'retry-me' }
    const scenario = { mock: { tokens: 5, ttftMs: 0, tokenDelayMs: 0 } }
    const [first, second] = await Promise.all([
      startStream(headers, scenario),
      startStream(headers, scenario),
    ])
    const third = await startStream(headers, scenario)
    const ids = [first, second, third].map((r) => r?.headers.get('X-Stream-Id'))
    expect(new Set(ids).size).toBe(1)
    const texts = await Promise.all([first, second, third].map((r) => r?.text()))
    expect(texts[1]).toBe(texts[0])
    expect(texts[2]).toBe(texts[0])
    expect(parseEvents(texts[0] ?? '')).toHaveLength(7)
    expect(mock.stats.calls).toBe(1)
  })
})
