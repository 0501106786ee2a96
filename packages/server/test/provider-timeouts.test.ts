import { createMockProvider, ManualClock } from '@sluice/mock-provider'
import { ProviderError, type ProviderPart, type ProviderRequest } from '@sluice/provider'
import { afterEach, describe, expect, it } from 'vitest'
import { createSluiceServer, type SluiceServer } from '../src/index.js'
import { withTimeouts } from '../src/provider-timeouts.js'
import { manualTimers } from './helpers/manual-timers.js'
import { postStream } from './helpers/post-stream.js'

let server: SluiceServer
afterEach(() => server?.close())

/** A mock on a clock that only the test moves, and server timers likewise. */
function setup() {
  const clock = new ManualClock()
  const mock = createMockProvider({ clock })
  const { timers, advance } = manualTimers()
  server = createSluiceServer({
    providers: [mock],
    timers,
    heartbeatMs: 3_600_000,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 1_000,
    upstreamTimeoutMs: 10_000,
  })
  return { clock, mock, advance }
}

const start = (mock: object) => postStream(server.app, { mock })

describe('upstream timeouts', () => {
  it('a provider that throws at the call ends the stream with its error, its deadline cleared', async () => {
    const { timers, pending } = manualTimers()
    server = createSluiceServer({
      providers: [
        {
          specificationVersion: 'v1',
          id: 'refusing',
          defaultModel: 'm',
          stream: () => {
            throw new ProviderError('bad-request', 'no such model')
          },
        },
      ],
      timers,
      heartbeatMs: 3_600_000,
      upstreamTimeoutMs: 10_000,
    })
    const response = await start({})
    await server.service.idle()
    const text = await response.text()
    expect(text).toContain('event: error\ndata: {"code":"upstream-bad-request"')
    expect([...pending].filter((timer) => timer.ms === 10_000)).toEqual([])
  })

  it('no first token in time: an upstream-timeout error, and the upstream call is aborted', async () => {
    const { mock, advance } = setup()
    const response = await start({ tokens: 3, ttftMs: 60_000 })
    advance(4_999)
    await Promise.resolve()
    expect(mock.stats.cancellations).toBe(0)
    advance(1)
    await server.service.idle()
    const text = await response.text()
    expect(text).toContain('event: error\ndata: {"code":"upstream-timeout"')
    expect(text).toContain('no first part in 5000 ms')
    expect(mock.stats.cancellations).toBe(1)
  })

  it('a silence between tokens longer than the idle timeout ends the same way', async () => {
    const { clock, mock, advance } = setup()
    const response = await start({
      tokens: 3,
      ttftMs: 0,
      tokenDelayMs: 0,
      stallAt: 1,
      stallMs: 60_000,
    })
    await clock.advance(0) // the first token
    await new Promise((resolve) => setImmediate(resolve))
    advance(1_000)
    await server.service.idle()
    const text = await response.text()
    expect(text).toContain('event: text-delta')
    expect(text).toContain('"code":"upstream-timeout"')
    expect(text).toContain('no next part in 1000 ms')
    expect(mock.stats.cancellations).toBe(1)
  })

  it('an upstream call longer than the total timeout ends the same way, whatever its pace', async () => {
    const { clock, mock, advance } = setup()
    const response = await start({ tokens: 100, ttftMs: 0, tokenDelayMs: 200 })
    for (let elapsed = 0; elapsed < 10_000; elapsed += 500) {
      await clock.advance(500) // tokens every 100–300 ms: never idle for 1 s
      await new Promise((resolve) => setImmediate(resolve))
      advance(500)
    }
    await server.service.idle()
    const text = await response.text()
    expect(text).toContain('"code":"upstream-timeout"')
    expect(text).toContain('took longer than 10000 ms')
    expect(mock.stats.cancellations).toBe(1)
  })

  describe('a provider iterator written by hand', () => {
    const REQUEST: ProviderRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] }
    const timeouts = () => ({
      timers: manualTimers().timers,
      firstPartMs: 1_000,
      idleMs: 1_000,
      totalMs: 5_000,
    })
    const handWritten = (iterator: AsyncIterator<ProviderPart>) =>
      withTimeouts(
        {
          specificationVersion: 'v1',
          id: 'hand-written',
          defaultModel: 'm',
          stream: () => ({ [Symbol.asyncIterator]: () => iterator }),
        },
        timeouts(),
      )

    it('ends, even when its return() answers no promise', async () => {
      const parts = handWritten({
        next: async () => ({ done: true, value: undefined }),
        // Allowed by for-await, which does not await what return() gives back.
        return: (() => ({ done: true, value: undefined })) as never,
      })
      const stop = new AbortController()
      const iterator = parts.stream(REQUEST, { signal: stop.signal, stop })[Symbol.asyncIterator]()
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined })
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined })
    })

    it('does not count a part that comes after the wait for it failed', async () => {
      let deliver: (part: IteratorResult<ProviderPart>) => void = () => {}
      const parts = handWritten({ next: () => new Promise((resolve) => (deliver = resolve)) })
      const stop = new AbortController()
      const counted: ProviderPart[] = []
      const meter = {
        count: (part: ProviderPart) => {
          counted.push(part)
          return part
        },
      }
      const iterator = parts
        .stream(REQUEST, { signal: stop.signal, stop, meter })
        [Symbol.asyncIterator]()
      const waiting = iterator.next()
      stop.abort(new Error('cancelled'))
      await expect(waiting).rejects.toThrow('cancelled')
      deliver({ done: false, value: { type: 'text-delta', text: 'late' } })
      await new Promise((resolve) => setImmediate(resolve))
      expect(counted).toEqual([])
    })
  })
})
