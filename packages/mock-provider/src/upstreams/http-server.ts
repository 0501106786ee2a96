import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../clock.js'
import type {
  MockJsonResponse,
  MockUpstreamRequest,
  MockUpstreamResponse,
} from './http-response.js'

/** One request a mock vendor upstream received. */
export interface RecordedUpstreamRequest extends MockUpstreamRequest {
  /** The HTTP status answered (0 until the response started). */
  status: number
  /** Whether the client closed the connection before the response ended (an abort). */
  closedEarly: boolean
}

export interface MockUpstreamServer {
  /** The base URL to give the vendor's SDK. */
  readonly url: string
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedUpstreamRequest[]
  /** How many responses the client cut short by closing its connection. */
  readonly connectionsClosed: number
  /** Resolves once `connectionsClosed` reaches `count`. */
  whenConnectionsClosed(count: number): Promise<void>
  close(): Promise<void>
}

export interface MockUpstreamServerOptions {
  /** The vendor's answer to a request, as bytes (shared with the msw handlers). */
  respond: (request: MockUpstreamRequest) => MockUpstreamResponse
  /** What to answer when handling fails before the response started. */
  failure: MockJsonResponse
  /** The request path as the vendor matches it, from the request's URL. */
  pathOf: (url: string) => string
  /** Appended to `http://127.0.0.1:<port>` for the SDK's base URL. */
  basePath: string
  clock: Clock
  port: number
}

/** Caps a request body: a scenario and a few messages, never a large upload. */
const MAX_BODY_BYTES = 1_000_000

/** The JSON body; `undefined` when it is not JSON or is too large (the vendor answers 400). */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}

/** Responses the mock cut on purpose (`ending: 'drop'`), which are not client aborts. */
const dropped = new WeakSet<ServerResponse>()

/** Sends a planned response; the connection's close aborts the frames' sleeps. */
async function send(
  res: ServerResponse,
  response: MockUpstreamResponse,
  clock: Clock,
  closed: AbortSignal,
): Promise<void> {
  res.writeHead(response.status, response.headers)
  if (response.kind === 'json') {
    res.end(response.body)
    return
  }
  res.flushHeaders()
  for (const frame of response.frames) {
    // Even a 0 ms sleep yields, so that the writes before a drop reach the socket first.
    await clock.sleep(frame.delayMs, closed)
    if (closed.aborted) return
    if (frame.text !== '') res.write(frame.text)
  }
  if (response.ending === 'drop') {
    // A connection lost mid-stream: no final chunk or event, the socket just goes away.
    dropped.add(res)
    res.destroy()
    return
  }
  res.end()
}

/**
 * A mock vendor upstream over HTTP on 127.0.0.1: records every request, answers it with
 * `respond`, paces streamed frames on `clock`, and counts clients that leave early.
 */
export async function serveMockUpstream(
  options: MockUpstreamServerOptions,
): Promise<MockUpstreamServer> {
  const requests: RecordedUpstreamRequest[] = []
  let connectionsClosed = 0
  const waiters = new Set<{ count: number; resolve: () => void }>()

  const noteClosedEarly = (record: RecordedUpstreamRequest) => {
    record.closedEarly = true
    connectionsClosed++
    for (const waiter of waiters) {
      if (connectionsClosed < waiter.count) continue
      waiters.delete(waiter)
      waiter.resolve()
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const record: RecordedUpstreamRequest = {
      method: req.method ?? 'GET',
      path: options.pathOf(req.url ?? '/'),
      headers: req.headers,
      body: undefined,
      status: 0,
      closedEarly: false,
    }
    requests.push(record)
    const closed = new AbortController()
    res.on('close', () => {
      record.status = res.statusCode
      // `close` before the response ended, and not because we dropped it: the client left.
      if (!res.writableFinished && !dropped.has(res)) noteClosedEarly(record)
      closed.abort(new Error('client closed the connection'))
    })
    record.body = await readJson(req)
    await send(res, options.respond(record), options.clock, closed.signal)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // The client left mid-sleep: nothing more to say to it. Anything else is the failure.
      if (res.headersSent) res.destroy()
      else void send(res, options.failure, options.clock, new AbortController().signal)
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${options.basePath}`,
    requests,
    get connectionsClosed() {
      return connectionsClosed
    },
    whenConnectionsClosed(count) {
      if (connectionsClosed >= count) return Promise.resolve()
      return new Promise((resolve) => waiters.add({ count, resolve }))
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
