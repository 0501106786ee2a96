import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ProviderError } from '@sluice/provider'
import { type Clock, systemClock } from '../clock.js'
import { type OpenAIChatBody, planOpenAIChat } from './openai-chunks.js'
import { OPENAI_MID_STREAM_ERROR, type OpenAIErrorBody, openAIErrorBody } from './openai-errors.js'
import { OPENAI_SCENARIO_HEADER, resolveOpenAIScenario } from './openai-scenario.js'

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

function sendError(res: ServerResponse, status: number, error: OpenAIErrorBody, extra = {}) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': 'req_mock',
    ...extra,
  })
  res.end(JSON.stringify(error))
}

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

function invalidRequest(message: string): OpenAIErrorBody {
  return { error: { message, type: 'invalid_request_error', param: null, code: null } }
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')
  return match?.[1]
}

/** Streams the planned chunks; the connection's close aborts the plan's sleeps. */
async function streamChat(
  res: ServerResponse,
  body: OpenAIChatBody,
  upstream: ReturnType<typeof resolveOpenAIScenario>,
  clock: Clock,
  closed: AbortSignal,
) {
  const steps = planOpenAIChat(body, upstream.scenario, 'chatcmpl-mock', 1_700_000_000)
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': 'req_mock',
  })
  for (const step of steps) {
    await clock.sleep(step.delayMs, closed)
    if (step.kind === 'fail') {
      if (upstream.failWith === 'error-event') {
        // [OpenAI] a failure after output began arrives as a data line with `error`, then EOF.
        res.end(`data: ${JSON.stringify(OPENAI_MID_STREAM_ERROR)}\n\n`)
      } else {
        // A dropped connection: no [DONE], no terminating chunk, the socket just goes away.
        dropped.add(res)
        res.destroy()
      }
      return
    }
    res.write(`data: ${JSON.stringify(step.chunk)}\n\n`)
  }
  res.end('data: [DONE]\n\n')
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
  if (req.method !== 'POST' || record.path !== '/v1/chat/completions') {
    sendError(res, 404, invalidRequest(`Invalid URL (${req.method} ${record.path})`))
    return
  }
  const apiKey = bearer(req)
  if (apiKey === undefined) {
    sendError(res, 401, invalidRequest("You didn't provide an API key."))
    return
  }
  if (typeof body !== 'object' || body === null) {
    sendError(res, 400, invalidRequest('We could not parse the JSON body of your request.'))
    return
  }
  const chat = body as OpenAIChatBody & { stream?: unknown }
  const header = req.headers[OPENAI_SCENARIO_HEADER]
  let upstream: ReturnType<typeof resolveOpenAIScenario>
  try {
    upstream = resolveOpenAIScenario(typeof header === 'string' ? header : undefined, chat)
  } catch (error) {
    sendError(res, 400, invalidRequest(error instanceof Error ? error.message : String(error)))
    return
  }
  if (upstream.status !== undefined) {
    const model = typeof chat.model === 'string' ? chat.model : 'unknown'
    const retry =
      upstream.status === 429 ? { 'retry-after': String(upstream.retryAfterSeconds) } : {}
    sendError(res, upstream.status, openAIErrorBody(upstream.status, { model, apiKey }), retry)
    return
  }
  if (chat.stream !== true) {
    sendError(res, 400, invalidRequest('The mock OpenAI upstream only answers `stream: true`.'))
    return
  }
  await streamChat(res, chat, upstream, clock, closed)
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
      if (!res.headersSent) sendError(res, 400, invalidRequest('Bad request'))
      else res.destroy()
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
