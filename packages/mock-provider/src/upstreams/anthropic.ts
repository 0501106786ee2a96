import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ProviderError } from '@sluice/provider'
import { type Clock, systemClock } from '../clock.js'
import { anthropicErrorBody } from './anthropic-errors.js'
import { type AnthropicStep, formatSseEvent, planAnthropicStream } from './anthropic-events.js'
import {
  type AnthropicFaultStatus,
  contentText,
  MOCK_SCENARIO_HEADER,
  scenarioOfMessagesRequest,
  type UpstreamScenario,
} from './anthropic-scenario.js'

export interface MockAnthropicOptions {
  /**
   * Port on 127.0.0.1; 0 picks a free one.
   * @defaultValue 0
   */
  port?: number
  /**
   * Where token delays and stalls take their time.
   * @defaultValue `systemClock`
   */
  clock?: Clock
}

/** One request the mock upstream received. */
export interface MockAnthropicRequest {
  method: string
  path: string
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  body: unknown
  /** The HTTP status answered. */
  status: number
  /** Whether the client closed the connection before the response ended (an abort). */
  closedEarly: boolean
}

export interface MockAnthropic {
  /** Base URL for the SDK's `baseURL`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string
  /** Every request so far, in arrival order. */
  readonly requests: readonly MockAnthropicRequest[]
  /** Responses whose client went away before the response ended. */
  readonly connectionsClosed: number
  /** Resolves once `connectionsClosed` reaches `count`. */
  whenConnectionsClosed(count: number): Promise<void>
  close(): Promise<void>
}

/** Caps a request body: a scenario and a few messages, never a large upload. */
const MAX_BODY_BYTES = 1_000_000

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

interface MessagesBody {
  model: string
  max_tokens: number
  stream: boolean
  system?: unknown
  messages: { role?: unknown; content?: unknown }[]
}

function asMessagesBody(body: unknown): MessagesBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const b = body as Partial<MessagesBody>
  if (typeof b.model !== 'string' || typeof b.max_tokens !== 'number') return undefined
  if (!Array.isArray(b.messages)) return undefined
  return { ...b, stream: b.stream === true } as MessagesBody
}

function sendError(
  res: ServerResponse,
  status: AnthropicFaultStatus,
  options: { message?: string; retryAfterSeconds?: number } = {},
): void {
  const requestId = `req_mock_${Date.now().toString(36)}`
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': requestId,
    ...(options.retryAfterSeconds === undefined
      ? {}
      : { 'retry-after': String(options.retryAfterSeconds) }),
  })
  res.end(anthropicErrorBody(status, requestId, options.message))
}

async function streamSteps(
  res: ServerResponse,
  steps: readonly AnthropicStep[],
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': 'req_mock_stream',
  })
  res.flushHeaders()
  for (const step of steps) {
    if (step.kind === 'drop') {
      // A connection lost mid-stream: no error event, no final chunk, just a reset socket.
      res.socket?.destroy()
      return
    }
    if (step.delayMs > 0) await clock.sleep(step.delayMs, signal)
    if (signal.aborted) return
    res.write(formatSseEvent(step.event))
  }
  res.end()
}

/**
 * Serves `POST /v1/messages` with `stream: true` in Anthropic's SSE wire format, its content
 * from the mock's seeded generators. The scenario comes from the `x-mock-scenario` header (the
 * scenario's JSON) or from the last user message when its whole text is `{"mock": {...}}`;
 * beside the mock's fields it takes `status` (401, 404, 429, 529, … with Anthropic's error
 * body), `retryAfterSeconds` and `dropAt`. `failAt` ends the stream with Anthropic's
 * `overloaded_error` event after HTTP 200.
 */
export async function startMockAnthropic(
  options: MockAnthropicOptions = {},
): Promise<MockAnthropic> {
  const clock = options.clock ?? systemClock
  const requests: MockAnthropicRequest[] = []
  let connectionsClosed = 0
  const waiters = new Set<{ count: number; resolve: () => void }>()

  const noteClosedEarly = (record: MockAnthropicRequest) => {
    record.closedEarly = true
    connectionsClosed++
    for (const waiter of waiters) {
      if (connectionsClosed >= waiter.count) {
        waiters.delete(waiter)
        waiter.resolve()
      }
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readJson(req)
    const record: MockAnthropicRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
      status: 0,
      closedEarly: false,
    }
    requests.push(record)
    const aborter = new AbortController()
    res.on('close', () => {
      record.status = res.statusCode
      if (!res.writableEnded) {
        aborter.abort(new Error('client closed the connection'))
        noteClosedEarly(record)
      }
    })
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
      sendError(res, 404, { message: `Not found: ${req.method} ${req.url}` })
      return
    }
    // SDK 1.x sends the key as a bearer token; older clients and curl send x-api-key.
    const bearer = req.headers.authorization?.startsWith('Bearer ') === true
    if (typeof req.headers['x-api-key'] !== 'string' && !bearer) {
      sendError(res, 401, { message: 'x-api-key header is required' })
      return
    }
    const messages = asMessagesBody(body)
    if (messages === undefined || !messages.stream) {
      sendError(res, 400, { message: 'the mock serves model, max_tokens, messages, stream: true' })
      return
    }
    let upstream: UpstreamScenario
    try {
      const header = req.headers[MOCK_SCENARIO_HEADER]
      upstream = scenarioOfMessagesRequest(
        typeof header === 'string' ? header : undefined,
        messages.messages,
      )
    } catch (error) {
      if (!ProviderError.is(error)) throw error
      sendError(res, 400, { message: error.message })
      return
    }
    if (upstream.status !== undefined) {
      sendError(res, upstream.status, {
        ...(upstream.status === 404 ? { message: `model: ${messages.model}` } : {}),
        ...(upstream.retryAfterSeconds === undefined
          ? {}
          : { retryAfterSeconds: upstream.retryAfterSeconds }),
      })
      return
    }
    const inputChars = [messages.system, ...messages.messages.map((m) => m.content)]
      .map(contentText)
      .reduce((sum, text) => sum + text.length, 0)
    const steps = planAnthropicStream(upstream, {
      model: messages.model,
      maxTokens: messages.max_tokens,
      inputChars,
      json: false,
    })
    await streamSteps(res, steps, clock, aborter.signal).catch(() => {
      // The only rejection is the sleep's abort, after the client left: nothing to answer.
    })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500)
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
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
