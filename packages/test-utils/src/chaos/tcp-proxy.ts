import { STATUS_CODES } from 'node:http'
import { createServer, type Socket } from 'node:net'
import { createRandom } from '@sluice/mock-provider'
import type { TimerFunctions } from '../fake-timers.js'
import { BodyDecoder } from './body-decoder.js'
import { ByteReader } from './byte-reader.js'
import { type FaultPlan, faultResponse, type HttpFault, isHttpFault } from './faults.js'
import {
  HEAD_END,
  MAX_HEAD_BYTES,
  type ProxyRequestHead,
  parseRequestHead,
  requestFraming,
  serializeHead,
} from './http-message.js'
import { realTimers } from './pacing.js'
import {
  type ExchangeOutcome,
  type ProxyExchange,
  relayExchange,
  writeAll,
} from './proxy-exchange.js'

export interface ChaosProxyOptions {
  /** The server to forward to: a base URL such as `http://127.0.0.1:8787`, or host and port. */
  target: string | { host: string; port: number }
  /** The fault of each request through the proxy, by arrival index (0-based) and head. */
  plan: FaultPlan<ProxyRequestHead>
  /** Seeds `rechunk`; every request draws from its own stream of it. @defaultValue 1 */
  seed?: number
  /**
   * Send `Connection: close` with every response, so that each connection carries one response.
   * Beware: undici (Node's `fetch`) then takes any end of the connection, even mid-chunk or a
   * reset, for the end of the body, so a cut reaches the client as a clean, truncated body.
   * @defaultValue false: connections stay open as the client asks, and a cut is a network error
   */
  connectionClose?: boolean
  /** How a cut breaks the connection: a FIN (`close`) or a TCP RST (`reset`). @defaultValue 'close' */
  cutWith?: 'close' | 'reset'
  /** Hold `throttle` and `delay` pieces. @defaultValue the global timers, looked up at call time */
  timers?: TimerFunctions
}

export interface ChaosProxy {
  /** Base URL of the proxy, e.g. `http://127.0.0.1:54321`. */
  url: string
  port: number
  /** Every request so far, in arrival order. */
  exchanges: ProxyExchange[]
  /** Stops listening and destroys every open connection, client and server side. */
  close(): Promise<void>
}

type ProxyRequest = { head: ProxyRequestHead; raw: Buffer }

function parseTarget(target: ChaosProxyOptions['target']) {
  if (typeof target !== 'string') return target
  const url = new URL(target)
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) }
}

/**
 * A TCP proxy on loopback in front of a server that applies a network fault to each response,
 * at exact body bytes: it decodes the server's framing and re-chunks the body itself. Request
 * bytes go through unchanged, each request on a server connection of its own. Timing faults
 * take real time unless `timers` says otherwise. Not supported: `1xx` interim responses and
 * protocol upgrades.
 */
export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const target = parseTarget(options.target)
  const exchanges: ProxyExchange[] = []
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  let connections = 0

  async function serve(client: Socket, connection: number): Promise<void> {
    const reader = new ByteReader(client)
    let upstream: Socket | undefined
    // A client that leaves takes the server's reader with it, as a real connection would.
    void reader.ended().then(() => upstream?.destroy())
    for (;;) {
      const request = await readRequest(reader)
      if (!request) return void client.end()
      const fault = options.plan(exchanges.length, request.head)
      const record: ProxyExchange = {
        index: exchanges.length,
        connection,
        requestLine: request.head.requestLine,
        fault,
        bytesForwarded: 0,
        cut: false,
      }
      exchanges.push(record)
      const connectionClose = options.connectionClose ?? false
      const outcome: ExchangeOutcome = isHttpFault(fault)
        ? await answer(client, fault, record, connectionClose)
        : await relayExchange({
            client,
            request,
            record,
            fault,
            target,
            random: createRandom(options.seed ?? 1, `chaos-proxy ${record.index}`),
            timers: options.timers ?? realTimers,
            connectionClose,
            onUpstream: (socket) => {
              upstream = socket
              if (socket) track(socket)
            },
          }).catch((): ExchangeOutcome => 'broken')
      if (outcome === 'cut' && options.cutWith === 'reset') return void client.resetAndDestroy()
      if (outcome !== 'complete') return void client.destroy()
      if (connectionClose) return void client.end()
    }
  }

  const server = createServer((client) => {
    track(client)
    // Errors end the connection; they reach the reader, and must not crash the process.
    client.on('error', () => {})
    serve(client, connections++).catch(() => client.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    exchanges,
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      return closed
    },
  }
}

/** A whole request, head and body, as the bytes that came (to be forwarded unchanged). */
async function readRequest(reader: ByteReader): Promise<ProxyRequest | undefined> {
  const rawHead = await reader.readUntil(HEAD_END, MAX_HEAD_BYTES)
  if (!rawHead) return undefined
  const head = parseRequestHead(rawHead)
  const decoder = new BodyDecoder(requestFraming(head))
  const parts = [rawHead]
  while (!decoder.done) {
    const input = await reader.read()
    if (!input) throw new Error('The client left inside a request body')
    const { consumed } = decoder.push(input)
    parts.push(input.subarray(0, consumed))
    reader.unread(input.subarray(consumed))
  }
  return { head, raw: Buffer.concat(parts) }
}

/** Answers an HTTP fault in the server's stead; the request goes no further. */
async function answer(
  client: Socket,
  fault: HttpFault,
  record: ProxyExchange,
  connectionClose: boolean,
): Promise<ExchangeOutcome> {
  const { status, headers, body } = faultResponse(fault)
  const bytes = Buffer.from(body)
  const fields: [string, string][] = [
    ...Object.entries(headers),
    ['Content-Length', String(bytes.length)],
  ]
  if (connectionClose) fields.push(['Connection', 'close'])
  record.status = status
  await writeAll(client, [
    serializeHead(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, fields),
    bytes,
  ])
  record.bytesForwarded = bytes.length
  return 'complete'
}
