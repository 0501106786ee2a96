import { afterEach, describe, expect, it } from 'vitest'
import { corsOriginsFromEnv } from '../src/cors-from-env.js'
import { createSluiceServer, type SluiceServer, type SluiceServerOptions } from '../src/index.js'
import { postStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

function setup(options: SluiceServerOptions = {}) {
  server = createSluiceServer(options)
  return server.app
}

type App = ReturnType<typeof setup>

describe('security headers', () => {
  it.each<[string, (app: App) => Response | Promise<Response>]>([
    [
      'an event stream',
      (app) => postStream(app, { mock: { tokens: 1, ttftMs: 0, tokenDelayMs: 0 } }),
    ],
    ['a JSON error', (app) => app.request('/v1/streams/str_nope')],
    ['the health check', (app) => app.request('/healthz')],
  ])('are on %s', async (_, send) => {
    const response = await send(setup())
    await response.text()
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    )
    expect(response.headers.get('X-Frame-Options')).toBe('SAMEORIGIN')
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(response.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d+/)
    expect(response.headers.get('X-Powered-By')).toBeNull()
  })
})

describe('CORS', () => {
  const preflight = (origin: string) => ({
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
  })

  it('allows no other origin by default', async () => {
    const response = await setup().request('/v1/streams', preflight('https://evil.example'))
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('allows exactly the listed origins', async () => {
    const app = setup({ corsOrigin: ['https://app.example'] })
    const allowed = await app.request('/v1/streams', preflight('https://app.example'))
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://app.example')
    const other = await app.request('/v1/streams', preflight('https://app.example.evil'))
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it.each<[string, Record<string, string>, string | string[]]>([
    ['the playground in development', {}, ['http://127.0.0.1:5173', 'http://localhost:5173']],
    ['same origin only in production', { NODE_ENV: 'production' }, []],
    [
      'a configured list',
      { CORS_ORIGIN: 'https://a.example, https://b.example' },
      ['https://a.example', 'https://b.example'],
    ],
    ['any origin when asked', { CORS_ORIGIN: '*' }, '*'],
  ])('from the environment: %s', (_, env, expected) => {
    expect(corsOriginsFromEnv(env)).toEqual(expected)
  })
})
