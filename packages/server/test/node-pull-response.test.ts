import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { ChunkSink, PullSource } from '../src/http/pull-body.js'
import { sendPullResponse } from '../src/node-pull-response.js'

/** Node's response as the pump sees it: what it was written, and whether it is closed. */
class FakeResponse extends EventEmitter {
  destroyed = false
  readonly written: string[] = []
  writeHead() {}
  write(chunk: string) {
    this.written.push(chunk)
    return true
  }
  end() {}
  destroy() {
    this.destroyed = true
  }
}

function countingSource(chunk: string) {
  const counts = { pulls: 0, cancels: 0 }
  const source: PullSource = {
    start() {},
    pull(sink: ChunkSink) {
      counts.pulls++
      sink.enqueue(chunk)
      // Stay pending after the first chunk, like a reader waiting for the next event.
      return counts.pulls === 1
    },
    cancel() {
      counts.cancels++
    },
  }
  return { source, counts }
}

describe('sendPullResponse', () => {
  it('cancels the source at once when the client left before the response was sent', () => {
    const outgoing = new FakeResponse()
    outgoing.destroyed = true // its 'close' fired while the server made the response
    const { source, counts } = countingSource('a')
    sendPullResponse(new Response(null), source, outgoing)
    expect(counts).toEqual({ pulls: 0, cancels: 1 })
    expect(outgoing.written).toEqual([])
  })

  it('pulls while the client is there, and cancels the source once when it leaves', async () => {
    const outgoing = new FakeResponse()
    const { source, counts } = countingSource('a')
    sendPullResponse(new Response(null), source, outgoing)
    await new Promise((resolve) => setImmediate(resolve))
    expect(counts).toEqual({ pulls: 2, cancels: 0 })
    outgoing.destroyed = true
    outgoing.emit('close')
    outgoing.emit('close')
    expect(counts.cancels).toBe(1)
  })
})
