import { createMockProvider } from '@sluice/mock-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startNodeServer } from '../src/node.js'
import { postStream } from './helpers/post-stream.js'

let server: RunningServer

beforeAll(async () => {
  server = await startNodeServer({
    port: 0,
    providers: [createMockProvider()],
    corsOrigin: ['https://app.example'],
    retryHintMs: 1234,
  })
})
afterAll(() => server.close())

const post = (headers: Record<string, string> = {}) =>
  postStream(server.url, { mock: { tokens: 2, ttftMs: 0, tokenDelayMs: 0 } }, { headers })

describe('event-stream responses over real HTTP', () => {
  it('carry the protocol headers and nothing HTTP/1-only', async () => {
    const response = await post()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform')
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    expect(response.headers.get('x-heartbeat-interval')).toBe('15000')
    expect(response.headers.get('x-stream-id')).toMatch(/^str_[\w-]{22}$/)
    expect(response.headers.get('x-resume-token')).toMatch(/^[\w-]{32}$/)
    // A Content-Length on an event stream breaks it behind HTTP/2 proxies.
    expect(response.headers.get('content-length')).toBeNull()
    expect(response.headers.get('connection')).not.toBe('close')
    const text = await response.text()
    expect(text.startsWith('retry: 1234\n\n')).toBe(true)
  })

  it('number events 1..N and end with exactly one terminal event', async () => {
    const text = await (await post()).text()
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]))
    expect(ids).toEqual([1, 2, 3, 4])
    expect(text.match(/^event: (stream-end|error)$/gm)).toEqual(['event: stream-end'])
  })

  it('give every stream a fresh 128-bit id and token', async () => {
    const responses = await Promise.all([post(), post(), post()])
    const ids = responses.map((r) => r.headers.get('x-stream-id'))
    const tokens = responses.map((r) => r.headers.get('x-resume-token'))
    await Promise.all(responses.map((r) => r.text()))
    expect(new Set(ids).size).toBe(3)
    expect(new Set(tokens).size).toBe(3)
  })

  it('answer a CORS preflight that allows Last-Event-ID and Authorization', async () => {
    const response = await fetch(`${server.url}/v1/streams/str_x`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'last-event-id, authorization',
      },
    })
    expect(response.status).toBeLessThan(300)
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example')
    const allowed = response.headers.get('access-control-allow-headers')?.toLowerCase() ?? ''
    for (const header of ['last-event-id', 'authorization', 'content-type', 'idempotency-key']) {
      expect(allowed).toContain(header)
    }
    expect(response.headers.get('access-control-allow-methods')).toContain('DELETE')
  })

  it('expose the stream id and token to cross-origin pages, and refuse other origins', async () => {
    const response = await post({ Origin: 'https://app.example' })
    await response.text()
    const exposed = response.headers.get('access-control-expose-headers')?.toLowerCase() ?? ''
    expect(exposed).toContain('x-stream-id')
    expect(exposed).toContain('x-resume-token')
    expect(exposed).toContain('x-heartbeat-interval')
    const stranger = await post({ Origin: 'https://evil.example' })
    await stranger.text()
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answer /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })
})
