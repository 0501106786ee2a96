import { createMockProvider, type MockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createSluiceServer,
  MemoryStreamStore,
  type SluiceServer,
  type SluiceServerOptions,
} from '../src/index.js'
import { manualTimers } from './helpers/manual-timers.js'
import { startStream } from './helpers/post-stream.js'

let server: SluiceServer
let mock: MockProvider
afterEach(() => server?.close())

/** A host whose users say who they are in `X-User` (standing in for a session cookie). */
function setup(options: SluiceServerOptions = {}) {
  mock = createMockProvider()
  server = createSluiceServer({
    providers: [mock],
    authorize: (request) => request.headers.get('X-User'),
    ...options,
  })
}

async function start(user: string | undefined, headers: Record<string, string> = {}) {
  const started = await startStream(
    server.app,
    { mock: { tokens: 3, ttftMs: 0, tokenDelayMs: 0 } },
    { headers: { ...(user === undefined ? {} : { 'X-User': user }), ...headers } },
  )
  await started.response.clone().text()
  await server.service.idle()
  return started
}

function call(method: string, streamId: string, user?: string, token?: string) {
  return server.app.request(`/v1/streams/${streamId}`, {
    method,
    headers: {
      'Last-Event-ID': '1',
      ...(user === undefined ? {} : { 'X-User': user }),
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
  })
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status)
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code)
}

describe.each(['GET', 'DELETE'])('%s of a stream bound to its user', (method) => {
  it('refuses another user, even with the right token', async () => {
    setup()
    const alice = await start('alice')
    const bob = await start('bob')
    await expectError(
      await call(method, alice.streamId, 'bob', alice.token),
      403,
      'not-stream-owner',
    )
    await expectError(await call(method, alice.streamId, 'bob', bob.token), 403, 'not-stream-owner')
    await expectError(
      await call(method, alice.streamId, undefined, alice.token),
      401,
      'unauthorized',
    )
  })

  it('still needs the resume token by default, and a matching one', async () => {
    setup()
    const alice = await start('alice')
    const bob = await start('bob')
    await expectError(await call(method, alice.streamId, 'alice'), 401, 'token-required')
    await expectError(await call(method, alice.streamId, 'alice', bob.token), 403, 'invalid-token')
    expect((await call(method, alice.streamId, 'alice', alice.token)).status).toBeLessThan(300)
  })

  it('lets the principal check stand alone when the host turns the token off', async () => {
    setup({ requireResumeToken: false })
    const alice = await start('alice')
    expect((await call(method, alice.streamId, 'alice')).status).toBeLessThan(300)
    await expectError(await call(method, alice.streamId, 'bob'), 403, 'not-stream-owner')
  })

  it('answers a guessed id and an expired stream with 404', async () => {
    const { timers, advance } = manualTimers()
    setup({ store: new MemoryStreamStore({ retentionMs: 1_000, timers }), timers })
    const alice = await start('alice')
    await expectError(
      await call(method, 'str_AAAAAAAAAAAAAAAAAAAAAA', 'alice', alice.token),
      404,
      'stream-not-found',
    )
    advance(1_000)
    await expectError(
      await call(method, alice.streamId, 'alice', alice.token),
      404,
      'stream-not-found',
    )
  })
})

describe('with an authorize hook', () => {
  it('refuses a request without a principal with 401 before reading the body', async () => {
    setup()
    const { response } = await start(undefined)
    await expectError(response, 401, 'unauthorized')
    expect(mock.stats.calls).toBe(0)
  })

  it('scopes idempotency keys per principal', async () => {
    setup()
    const key = { 'Idempotency-Key': 'same-key' }
    const alice = await start('alice', key)
    const bob = await start('bob', key)
    const aliceAgain = await start('alice', key)
    expect(bob.streamId).not.toBe(alice.streamId)
    expect(aliceAgain.streamId).toBe(alice.streamId)
    expect(mock.stats.calls).toBe(2)
  })
})
