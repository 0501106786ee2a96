import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Clock, systemClock } from '../clock.js'
import { anthropicErrorResponse, respondAnthropicMessages } from './anthropic-respond.js'
import type { MockJsonResponse, MockStreamResponse } from './http-response.js'

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

function sendResponse(res: ServerResponse, response: MockJsonResponse) {
  res.writeHead(response.status, response.headers)
  res.end(response.body)
}

async function streamFrames(
  res: ServerResponse,
  response: MockStreamResponse,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(response.status, response.headers)
  res.flushHeaders()
  for (const frame of response.frames) {
    if (frame.delayMs > 0) await clock.sleep(frame.delayMs, signal)
    if (signal.aborted) return
    res.write(frame.text)
  }
  if (response.ending === 'drop') {
    // A connection lost mid-stream: no error event, no final chunk, just a reset socket.
    res.socket?.destroy()
    return
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
    const response = respondAnthropicMessages({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
    })
    if (response.kind === 'json') {
      sendResponse(res, response)
      return
    }
    await streamFrames(res, response, clock, aborter.signal).catch(() => {
      // The only rejection is the sleep's abort, after the client left: nothing to answer.
    })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendResponse(res, anthropicErrorResponse(500))
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
