import { createMockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, createSluiceServer, type SluiceServer } from '../src/index.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

const PROMPT = 'my secret prompt about the merger'

/** A server whose log lines land in `lines`. */
function setup(level: string) {
  const lines: Record<string, unknown>[] = []
  const raw: string[] = []
  const destination = {
    write(line: string) {
      raw.push(line)
      lines.push(JSON.parse(line) as Record<string, unknown>)
    },
  }
  server = createSluiceServer({
    providers: [createMockProvider()],
    logger: createLogger(level, destination),
  })
  return { lines, raw }
}

async function stream(mock: object) {
  const { response, streamId, token } = await startStream(server.app, {
    messages: [{ role: 'user', content: PROMPT }],
    mock: { ttftMs: 0, tokenDelayMs: 0, ...mock },
  })
  await response.text()
  await server.service.idle()
  return { streamId, token }
}

describe('structured logs', () => {
  it('log one line when a stream starts and one when it ends, never one per token', async () => {
    const { lines } = setup('info')
    const { streamId } = await stream({ tokens: 40 })
    expect(lines.map((line) => line.event)).toEqual(['stream-start', 'stream-end'])
    const end = lines[1] ?? {}
    expect(end).toMatchObject({ level: 30, streamId, provider: 'mock', outcome: 'stop' })
    expect(end.tokens).toBe(40)
    expect(typeof end.ttftMs).toBe('number')
    expect(typeof end.durationMs).toBe('number')
    expect(typeof end.time).toBe('number')
  })

  it('log every error: a failed stream, a refused request, an internal error', async () => {
    const { lines } = setup('info')
    server.app.get('/boom', () => {
      throw new Error('kaboom at /srv/app.js:12')
    })
    await stream({ tokens: 5, failAt: 2 })
    const refused = await server.app.request('/v1/streams/str_nope', {
      headers: { Authorization: 'Bearer x' },
    })
    expect(refused.status).toBe(404)
    const boom = await server.app.request('/boom')
    expect(boom.status).toBe(500)
    // No stack trace or internal message reaches the client.
    expect(await boom.text()).not.toContain('kaboom')

    const failed = lines.find((line) => line.event === 'stream-end')
    expect(failed).toMatchObject({ level: 40, outcome: 'error', errorCode: 'upstream-error' })
    expect(lines.find((line) => line.event === 'request-refused')).toMatchObject({
      level: 30,
      status: 404,
      code: 'stream-not-found',
      path: '/v1/streams/str_nope',
    })
    const internal = lines.find((line) => line.event === 'internal-error')
    expect(internal).toMatchObject({ level: 50, err: { message: 'kaboom at /srv/app.js:12' } })
    expect(lines.find((line) => line.code === 'internal-error')).toMatchObject({ status: 500 })
  })

  it('never log resume tokens or prompt text, even at trace level', async () => {
    const { raw } = setup('trace')
    const { streamId, token } = await stream({ tokens: 5 })
    const resumed = await server.app.request(`/v1/streams/${streamId}?token=${token}`, {
      headers: { 'Last-Event-ID': '1' },
    })
    await resumed.text()
    await server.app.request(`/v1/streams/${streamId}`, { method: 'DELETE' })
    const everything = raw.join('')
    expect(everything).toContain(streamId)
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(PROMPT)
  })

  it('follow the configured level', async () => {
    const { lines } = setup('warn')
    await stream({ tokens: 5 })
    await stream({ tokens: 5, failAt: 1 })
    expect(lines.map((line) => [line.event, line.outcome])).toEqual([['stream-end', 'error']])
  })

  it('redact secrets a host puts in its own lines', () => {
    const raw: string[] = []
    const logger = createLogger('info', { write: (line: string) => raw.push(line) })
    logger.info({ resumeToken: 'tok', request: { headers: { authorization: 'Bearer k' } } }, 'x')
    expect(raw.join('')).not.toMatch(/tok"|Bearer k/)
  })
})
