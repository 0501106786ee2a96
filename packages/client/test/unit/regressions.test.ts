import { afterEach, describe, expect, it } from 'vitest'
import {
  ControlledBody,
  collect,
  deferred,
  frames,
  harness,
  isStallTimer,
  REQUEST,
  RESUME_TOKEN,
  STREAM_ID,
  settle,
  sseResponse,
  statusResponse,
  streamEnd,
  streamStart,
  textDelta,
  textStream,
} from './helpers/harness.js'

/** Application errors are reported out of band: capture them instead of failing the run. */
function captureReportedErrors() {
  const reported: unknown[] = []
  const original = globalThis.reportError
  globalThis.reportError = (error: unknown) => reported.push(error)
  return {
    reported,
    restore: () => {
      globalThis.reportError = original
    },
  }
}

let restore = () => {}
afterEach(() => restore())

describe('regressions', () => {
  it('a throwing onText loses no event and is not taken for a network error', async () => {
    const capture = captureReportedErrors()
    restore = capture.restore
    const { client, server } = harness([sseResponse(frames(textStream(['Hel', 'lo'])))])
    const stream = client.start(REQUEST, {
      onText: () => {
        throw new TypeError('Failed to fetch')
      },
    })
    const seqs = (await collect(stream)).map((event) => event.seq)
    expect(seqs).toEqual([1, 2, 3, 4])
    expect((await stream.result).text).toBe('Hello')
    expect(server.requests).toHaveLength(1)
    expect(capture.reported).toHaveLength(2)
  })

  it('a throwing onFinish does not turn a finished stream into a failure', async () => {
    const capture = captureReportedErrors()
    restore = capture.restore
    const calls: string[] = []
    const { client } = harness([sseResponse(frames(textStream(['x'])))])
    const stream = client.start(REQUEST, {
      onFinish: () => {
        calls.push('finish')
        throw new Error('render bug')
      },
      onError: () => calls.push('error'),
    })
    await expect(stream.result).resolves.toMatchObject({ finishReason: 'stop' })
    expect(calls).toEqual(['finish'])
    expect(stream.status).toBe('done')
  })

  it('a resume answered 204 (nothing after this cursor) ends with stream-ended, not retried', async () => {
    const { client, server } = harness([statusResponse(204)])
    const stream = client.resume({ streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 4 })
    await expect(stream.result).rejects.toMatchObject({ code: 'stream-ended' })
    expect(server.requests).toHaveLength(1)
  })

  it('a cancel whose DELETE gets no answer times out like a stall and is retried', async () => {
    const body = new ControlledBody()
    const silent = deferred<Response>()
    const { client, server, timers } = harness([
      sseResponse(body.stream, { streamHeaders: true }),
      () => silent.promise,
      statusResponse(202),
    ])
    const stream = client.start(REQUEST)
    body.write(...frames([streamStart(), textDelta(2, 'a')]))
    await settle()
    // The stream's own stall timer is pending already; the DELETE's is the next one.
    const streamTimers = new Set(timers.pending.map((timer) => timer.id))
    const cancelling = stream.cancel()
    const deleteRequest = await server.request(2)
    // The stall timer of the DELETE fires: its request is aborted and the DELETE sent again.
    const stall = await timers.waitFor(
      (timer) => isStallTimer(timer) && !streamTimers.has(timer.id),
    )
    timers.fire(stall)
    expect(deleteRequest.signal?.aborted).toBe(true)
    expect((await server.request(3)).method).toBe('DELETE')
    await cancelling
    body.write(...frames([streamEnd(3, 'cancelled')]))
    expect((await stream.result).finishReason).toBe('cancelled')
  })

  it('breaking out of the iterator does not stop the stream', async () => {
    const body = new ControlledBody()
    const { client } = harness([sseResponse(body.stream, { streamHeaders: true })])
    const stream = client.start(REQUEST)
    body.write(...frames([streamStart(), textDelta(2, 'a')]))
    for await (const event of stream) if (event.seq === 2) break
    body.write(...frames([textDelta(3, 'b'), streamEnd(4)]))
    expect((await stream.result).text).toBe('ab')
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/once/)
  })
})
