import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ProviderError } from '@sluice/provider'
import { type Clock, systemClock } from '../clock.js'
import type { MockUpstreamResponse } from './http-response.js'
import { openAIErrorResponse, respondOpenAIChat } from './openai-respond.js'

/** One request the mock OpenAI upstream received. */
export interface RecordedOpenAIRequest {
  method: string
  path: string
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  body: unknown
  /** Whether the client closed the connection before the response ended (an abort). */
  closedEarly: boolean
}

export interface MockOpenAIServer {
  /** The base URL to give the SDK, ending in `/v1`. */
  readonly url: string
  /** Every request so far, in arrival order. */
  readonly requests: readonly RecordedOpenAIRequest[]
  /** How many responses the client cut short by closing its connection. */
  readonly connectionsClosed: number
  close(): Promise<void>
}

export interface MockOpenAIOptions {
  /** @defaultValue 0, any free port */
  port?: number
  /** Where token delays take their time. @defaultValue `systemClock` */
  clock?: Clock
}

/** Responses the mock cut on purpose (`failWith: 'drop'`), which are not client aborts. */
const dropped = new WeakSet<ServerResponse>()

/** Bodies above this are refused, so a runaway client cannot fill the mock's memory. */
const MAX_BODY_BYTES = 1_000_000

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new ProviderError('bad-request', 'body too large')
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}

/** Sends a planned response; the connection's close aborts the frames' sleeps. */
async function send(
  res: ServerResponse,
  response: MockUpstreamResponse,
  clock: Clock,
  closed: AbortSignal,
) {
  if (response.kind === 'json') {
    res.writeHead(response.status, response.headers)
    res.end(response.body)
    return
  }
  res.writeHead(response.status, response.headers)
  for (const frame of response.frames) {
    await clock.sleep(frame.delayMs, closed)
    if (frame.text !== '') res.write(frame.text)
  }
  if (response.ending === 'drop') {
    // A dropped connection: no [DONE], no terminating chunk, the socket just goes away.
    dropped.add(res)
    res.destroy()
    return
  }
  res.end()
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedOpenAIRequest,
  clock: Clock,
  closed: AbortSignal,
) {
  const body = await readBody(req)
  record.body = body
  const response = respondOpenAIChat({
    method: req.method ?? 'GET',
    path: record.path,
    headers: req.headers,
    body,
  })
  await send(res, response, clock, closed)
}

/**
 * A mock OpenAI upstream on 127.0.0.1: `POST /v1/chat/completions` with `stream: true`, in
 * OpenAI's SSE wire format, with the mock's seeded text, JSON documents and tool calls.
 *
 * The scenario comes from the `x-mock-scenario` header (JSON) or, when there is none, from the
 * last user message if it is exactly `{"mock": {...}}` (see `OpenAIUpstreamScenario`), so the
 * real SDK can pick it without custom options. A request without a bearer key gets a 401.
 */
export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAIServer> {
  const clock = options.clock ?? systemClock
  const requests: RecordedOpenAIRequest[] = []
  let connectionsClosed = 0
  const server = createServer((req, res) => {
    const record: RecordedOpenAIRequest = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', 'http://mock').pathname,
      headers: req.headers,
      body: undefined,
      closedEarly: false,
    }
    requests.push(record)
    const closed = new AbortController()
    res.on('close', () => {
      // `close` before the response ended, and not because we dropped it: the client left.
      if (!res.writableFinished && !dropped.has(res)) {
        record.closedEarly = true
        connectionsClosed++
      }
      closed.abort(new Error('client closed the connection'))
    })
    handle(req, res, record, clock, closed.signal).catch(() => {
      // The client left mid-sleep, or the body was refused: nothing more to say to it.
      if (!res.headersSent) {
        const error = openAIErrorResponse(400, 'Bad request')
        res.writeHead(error.status, error.headers)
        res.end(error.body)
      } else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get connectionsClosed() {
      return connectionsClosed
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
