import { Header } from '@sluice/protocol'
import {
  type BodyFault,
  CUT_ALIGNMENTS,
  createBodyFault,
  describeFault,
  faultsInOrder,
  type NetworkFault,
  startTestServer,
  type TestServer,
} from '@sluice/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bodyBytes, postInit, readUntilBroken } from '../helpers.js'
import type { ChaosSetup, ChaosTransport } from './transport.js'

/** What the shared fault core lets through of `body`, all of it at once. */
function coreOutput(fault: BodyFault, body: Buffer): Buffer {
  const core = createBodyFault(fault, () => 0)
  const step = core.push(body)
  return Buffer.concat(step.cut ? step.emit : [...step.emit, ...core.end()])
}

/**
 * One suite, both transports: the client gets exactly the bytes the fault core decides, and a
 * cut reaches the server as a reader that left.
 */
export function wireContract(name: string, transport: ChaosTransport): void {
  describe(`${name}: on the wire`, () => {
    let server: TestServer
    let setup: ChaosSetup | undefined
    /** A finished stream's replay: the same bytes on every request. */
    let replay: { path: string; headers: Record<string, string>; body: Buffer }

    beforeAll(async () => {
      server = await startTestServer()
      const started = await fetch(`${server.url}/v1/streams`, postInit())
      await started.arrayBuffer()
      const path = `/v1/streams/${started.headers.get(Header.streamId)}`
      const token = started.headers.get(Header.resumeToken)
      const headers = { Authorization: `Bearer ${token}`, 'Last-Event-ID': '0' }
      const body = await bodyBytes(await fetch(`${server.url}${path}`, { headers }))
      replay = { path, headers, body }
    })
    afterEach(() => setup?.close())
    afterAll(() => server.close())

    async function replayThrough(fault: NetworkFault) {
      setup = await transport.start(server, faultsInOrder(fault))
      const fetch = setup.fetch ?? globalThis.fetch
      const response = await fetch(`${setup.baseUrl}${replay.path}`, { headers: replay.headers })
      return { ...(await readUntilBroken(response)), record: setup.records[0] }
    }

    it('the replay is the same bytes every time, so it can be compared with', async () => {
      const again = await fetch(`${server.url}${replay.path}`, { headers: replay.headers })
      expect((await bodyBytes(again)).equals(replay.body)).toBe(true)
      expect(replay.body.toString()).toMatch(/^retry: 5\n\nid: 1\n/)
    })

    const cuts = CUT_ALIGNMENTS.flatMap((align) =>
      [0, 200, 700].map((afterBytes): BodyFault => ({ kind: 'cut', afterBytes, align })),
    )
    it.each(cuts.map((fault) => [describeFault(fault), fault] as const))(
      '%s: exactly the bytes before the cut arrive, then a network error',
      async (_, fault) => {
        const expected = coreOutput(fault, replay.body)
        expect(expected.length).toBeLessThan(replay.body.length)
        const { bytes, error, record } = await replayThrough(fault)
        expect(bytes.equals(expected)).toBe(true)
        expect(error).toMatchObject(transport.cutError)
        expect(record).toMatchObject({ cut: true, bytesForwarded: expected.length })
      },
    )

    it('drop-final-newline: all but the last byte, then a clean end', async () => {
      const { bytes, error, record } = await replayThrough({ kind: 'drop-final-newline' })
      expect(error).toBeUndefined()
      expect(bytes.equals(replay.body.subarray(0, -1))).toBe(true)
      expect(replay.body.subarray(-2).toString()).toBe('\n\n')
      expect(record).toMatchObject({ cut: false, bytesForwarded: replay.body.length - 1 })
    })

    const lossless: BodyFault[] = [
      { kind: 'buffer' },
      { kind: 'rechunk', maxChunk: 3 },
      { kind: 'throttle', bytesPerSecond: 100_000 },
      { kind: 'delay', ms: 1 },
    ]
    it.each(lossless.map((fault) => [describeFault(fault), fault] as const))(
      '%s: the whole body, then a clean end',
      async (_, fault) => {
        const { bytes, error } = await replayThrough(fault)
        expect(error).toBeUndefined()
        expect(bytes.equals(replay.body)).toBe(true)
      },
    )

    it('an HTTP fault answers in the server’s stead: status, Retry-After, JSON body', async () => {
      server.mock.resetStats()
      setup = await transport.start(
        server,
        faultsInOrder(
          { kind: 'status', status: 429, retryAfter: '1' },
          { kind: 'wrong-content-type' },
        ),
      )
      const fetch = setup.fetch ?? globalThis.fetch
      const limited = await fetch(`${setup.baseUrl}/v1/streams`, postInit())
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('1')
      expect(await limited.json()).toMatchObject({ error: { code: 'chaos' } })
      const portal = await fetch(`${setup.baseUrl}${replay.path}`, { headers: replay.headers })
      expect(portal.status).toBe(200)
      expect(portal.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await portal.text()).toMatch(/^<!doctype html>/)
      expect(setup.records.map((record) => record.status)).toEqual([429, 200])
      expect(server.mock.stats.calls).toBe(0)
    })

    it('a cut reader is gone for the server: nobody reattaches, so the stream is reaped', async () => {
      let reaped: (streamId: string) => void = () => {}
      const reaping = new Promise<string>((resolve) => {
        reaped = resolve
      })
      const lonely = await startTestServer({
        zombieGraceMs: 20,
        observer: { streamReaped: ({ streamId }) => reaped(streamId) },
      })
      try {
        setup = await transport.start(lonely, faultsInOrder({ kind: 'cut', afterBytes: 400 }))
        const long = { seed: 2, tokens: 10_000, ttftMs: 0, tokenDelayMs: 2 }
        const response = await (setup.fetch ?? globalThis.fetch)(
          `${setup.baseUrl}/v1/streams`,
          postInit(long),
        )
        const { error } = await readUntilBroken(response)
        expect(error).toMatchObject(transport.cutError)
        expect(await reaping).toBe(response.headers.get(Header.streamId))
        // The provider counts its cancellation when the abort reaches it, after the reaping.
        await lonely.service.idle()
        expect(lonely.mock.stats).toMatchObject({ calls: 1, cancellations: 1 })
      } finally {
        await lonely.close()
      }
    })
  })
}
