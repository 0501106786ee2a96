import {
  CUT_ALIGNMENTS,
  describeFault,
  type FaultPlan,
  faultsInOrder,
  type NetworkFault,
  startTestServer,
  type TestServer,
} from '@sluice/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  expectedText,
  type PlannedRequest,
  readAll,
  request,
  testClient,
  totalEvents,
} from '../helpers.js'
import type { ChaosTransport } from './transport.js'

/** Before the first byte, inside stream-start, and among the tokens. */
const CUT_POINTS = [0, 150, 900]
const allSeqs = Array.from({ length: totalEvents }, (_, index) => index + 1)

/**
 * One suite, both transports: whatever the fault, the real client ends with the uninterrupted
 * text, every event once and in order, and one upstream call.
 */
export function realClientContract(name: string, transport: ChaosTransport): void {
  describe(`${name}: the real client through network faults`, () => {
    let server: TestServer
    let setup: Awaited<ReturnType<ChaosTransport['start']>> | undefined

    beforeAll(async () => {
      server = await startTestServer()
    })
    afterEach(() => setup?.close())
    afterAll(() => server.close())

    async function run(plan: FaultPlan<PlannedRequest>) {
      server.mock.resetStats()
      const requests: PlannedRequest[] = []
      setup = await transport.start(server, (index, planned) => {
        requests.push(planned)
        return plan(index, planned)
      })
      const { client, timers } = testClient(setup.baseUrl, setup.fetch)
      const stream = client.start(request())
      const outcome = await readAll(stream)
      return { ...outcome, stream, timers, requests, records: setup.records }
    }

    function expectExact(outcome: Awaited<ReturnType<typeof run>>): void {
      expect(outcome.error).toBeUndefined()
      expect(outcome.result?.text).toBe(expectedText)
      expect(outcome.events.map((event) => event.seq)).toEqual(allSeqs)
      expect(server.mock.stats.calls).toBe(1)
    }

    it('no fault: one request, nothing cut, no reconnect', async () => {
      const outcome = await run(faultsInOrder())
      expectExact(outcome)
      expect(outcome.records).toMatchObject([{ status: 200, cut: false }])
      expect(outcome.stream.metrics.reconnects).toBe(0)
    })

    const cuts = CUT_ALIGNMENTS.flatMap((align) =>
      CUT_POINTS.map((afterBytes): NetworkFault => ({ kind: 'cut', afterBytes, align })),
    )
    it.each(cuts.map((fault) => [describeFault(fault), fault] as const))(
      '%s: the cut happens, and the client resumes with GET, byte-exact',
      async (_, fault) => {
        const outcome = await run(faultsInOrder(fault))
        expectExact(outcome)
        const [first] = outcome.records
        expect(first).toMatchObject({ cut: true })
        expect(first?.bytesForwarded).toBeGreaterThanOrEqual(
          fault.kind === 'cut' ? fault.afterBytes : 0,
        )
        expect(outcome.requests.map((planned) => planned.method)).toEqual(['POST', 'GET'])
        expect(outcome.stream.metrics.reconnects).toBe(1)
      },
    )

    it('a cut on each of four connections, each aligned differently', async () => {
      const outcome = await run((index) => {
        const align = CUT_ALIGNMENTS[index + 1]
        return align ? { kind: 'cut', afterBytes: 40 + 90 * index, align } : { kind: 'none' }
      })
      expectExact(outcome)
      expect(outcome.records.map((record) => record.cut)).toEqual([true, true, true, true, false])
      expect(outcome.requests.filter((planned) => planned.method === 'POST')).toHaveLength(1)
    })

    const lossless: NetworkFault[] = [
      { kind: 'throttle', bytesPerSecond: 200_000 },
      { kind: 'delay', ms: 1 },
      { kind: 'buffer' },
      { kind: 'rechunk', maxChunk: 5 },
    ]
    it.each(lossless.map((fault) => [describeFault(fault), fault] as const))(
      '%s: every byte arrives, without a reconnect',
      async (_, fault) => {
        const outcome = await run(faultsInOrder(fault))
        expectExact(outcome)
        expect(outcome.records).toMatchObject([{ status: 200, cut: false }])
        expect(outcome.stream.metrics.reconnects).toBe(0)
      },
    )

    it('drop-final-newline: the last event is not dispatched; the client resumes from the one before and finishes', async () => {
      const outcome = await run(faultsInOrder({ kind: 'drop-final-newline' }))
      expectExact(outcome)
      expect(outcome.stream.metrics.reconnects).toBe(1)
      expect(outcome.requests[1]?.method).toBe('GET')
      expect(outcome.requests[1]?.headers['last-event-id']).toBe(String(totalEvents - 1))
      expect(outcome.records.map((record) => record.cut)).toEqual([false, false])
    })

    it('429 with Retry-After, 502, 503 with a JSON body on the resume requests, then recovery', async () => {
      const outcome = await run(
        faultsInOrder(
          { kind: 'cut', afterBytes: 400, align: 'mid-line' },
          { kind: 'status', status: 429, retryAfter: '1' },
          { kind: 'status', status: 502 },
          {
            kind: 'status',
            status: 503,
            body: JSON.stringify({ error: { code: 'overloaded', message: 'Try later' } }),
          },
        ),
      )
      expectExact(outcome)
      expect(outcome.records.map((record) => record.status)).toEqual([200, 429, 502, 503, 200])
      expect(outcome.requests.map((planned) => planned.method)).toEqual([
        'POST',
        'GET',
        'GET',
        'GET',
        'GET',
      ])
      // [spec] Retry-After is a floor under the backoff.
      expect(outcome.timers.requested).toContain(1_000)
      expect(outcome.stream.metrics.reconnects).toBe(4)
    })

    it('a 503 on the start request: the POST is sent again, with the same Idempotency-Key', async () => {
      const outcome = await run(faultsInOrder({ kind: 'status', status: 503 }))
      expectExact(outcome)
      expect(outcome.requests.map((planned) => planned.method)).toEqual(['POST', 'POST'])
      const [first, second] = outcome.requests.map((planned) => planned.headers['idempotency-key'])
      expect(first).toBeTruthy()
      expect(second).toBe(first)
    })

    it('a 200 text/html page on the resume fails at once with invalid-content-type', async () => {
      const outcome = await run(
        faultsInOrder({ kind: 'cut', afterBytes: 300 }, { kind: 'wrong-content-type' }),
      )
      expect(outcome.error).toMatchObject({ code: 'invalid-content-type' })
      expect(outcome.records).toHaveLength(2)
      expect(server.mock.stats.calls).toBe(1)
    })
  })
}
