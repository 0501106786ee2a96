import { connect, type Socket } from 'node:net'
import type { TimerFunctions } from '../fake-timers.js'
import { BodyDecoder, encodeChunk, LAST_CHUNK } from './body-decoder.js'
import { createBodyFault } from './body-fault.js'
import { ByteReader } from './byte-reader.js'
import type { BodyFault, NetworkFault } from './faults.js'
import {
  HEAD_END,
  MAX_HEAD_BYTES,
  type ProxyRequestHead,
  parseResponseHead,
  responseFraming,
  rewriteResponseHead,
} from './http-message.js'
import { pace, wait } from './pacing.js'

/** One request through the chaos proxy, and what its fault did. */
export interface ProxyExchange {
  /** Requests through the proxy, 0-based, in arrival order: the index the plan was given. */
  index: number
  /** The client connection it came on, 0-based. */
  connection: number
  /** e.g. `GET /v1/streams/abc HTTP/1.1` */
  requestLine: string
  fault: NetworkFault
  /** The status the client got: the server's, or an HTTP fault's. */
  status?: number
  /** Body bytes the client was sent. */
  bytesForwarded: number
  /** Whether the proxy broke the connection off mid-body. */
  cut: boolean
}

/** `complete`: the whole response went through; otherwise the client connection must go. */
export type ExchangeOutcome = 'complete' | 'cut' | 'broken'

export interface RelayContext {
  client: Socket
  request: { head: ProxyRequestHead; raw: Buffer }
  /** Updated as the response goes through. */
  record: ProxyExchange
  /** The record's fault, known to apply to the body. */
  fault: BodyFault
  target: { host: string; port: number }
  random: () => number
  timers: TimerFunctions
  connectionClose: boolean
  /** Called with the upstream socket, so that it is destroyed when the proxy or client goes. */
  onUpstream: (socket: Socket | undefined) => void
}

export function writeAll(socket: Socket, chunks: Uint8Array[]): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(Buffer.concat(chunks), (error) => (error ? reject(error) : resolve()))
  })
}

/**
 * Forwards one request to the server on a connection of its own (so the server's keep-alive
 * timeout never closes a socket under a client), and relays the response: the head with the
 * proxy's own framing, then the body, re-chunked, through the request's fault.
 */
export async function relayExchange(context: RelayContext): Promise<ExchangeOutcome> {
  const { client, request, record, fault, timers } = context
  const upstream = connect(context.target)
  // Its errors reach the reader below; without a listener they would crash the process.
  upstream.on('error', () => {})
  context.onUpstream(upstream)
  try {
    upstream.write(request.raw)
    const reader = new ByteReader(upstream)
    const rawHead = await reader.readUntil(HEAD_END, MAX_HEAD_BYTES)
    if (!rawHead) return 'broken'
    const head = parseResponseHead(rawHead)
    record.status = head.status
    const decoder = new BodyDecoder(responseFraming(head, request.head.method))
    await writeAll(client, [rewriteResponseHead(head, decoder.framing, context.connectionClose)])
    const core = createBodyFault(fault, context.random)
    const send = async (emit: Uint8Array[]) => {
      for (const bytes of emit) {
        for (const piece of pace(fault, bytes)) {
          await wait(timers, piece.waitMs)
          await writeAll(client, encodeChunk(piece.bytes))
          record.bytesForwarded += piece.bytes.length
        }
      }
    }
    while (!decoder.done) {
      const input = await reader.read()
      // The server broke the body off: pass the break on. A `close` body ends this way.
      if (!input) {
        if (decoder.framing.kind === 'close') break
        return 'broken'
      }
      for (const piece of decoder.push(input).body) {
        const step = core.push(piece)
        if (!step.cut) {
          await send(step.emit)
          continue
        }
        // Announce the whole piece, send only what precedes the cut: the client is mid-chunk.
        const before = Buffer.concat(step.emit)
        record.cut = true
        await writeAll(client, encodeChunk(before, piece.length))
        record.bytesForwarded += before.length
        return 'cut'
      }
    }
    await send(core.end())
    if (decoder.framing.kind !== 'none') await writeAll(client, [LAST_CHUNK])
    return 'complete'
  } finally {
    upstream.destroy()
    context.onUpstream(undefined)
  }
}
