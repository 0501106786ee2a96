import { ProviderError } from '@sluice/provider'
import { anthropicErrorBody } from './anthropic-errors.js'
import { formatSseEvent, planAnthropicStream } from './anthropic-events.js'
import {
  type AnthropicFaultStatus,
  contentText,
  MOCK_SCENARIO_HEADER,
  scenarioOfMessagesRequest,
  type UpstreamScenario,
} from './anthropic-scenario.js'
import type {
  MockJsonResponse,
  MockSseFrame,
  MockUpstreamRequest,
  MockUpstreamResponse,
} from './http-response.js'

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

/** Anthropic's JSON error answer for a status, with a fresh `request-id`. */
export function anthropicErrorResponse(
  status: AnthropicFaultStatus,
  options: { message?: string; retryAfterSeconds?: number } = {},
): MockJsonResponse {
  const requestId = `req_mock_${Date.now().toString(36)}`
  return {
    kind: 'json',
    status,
    headers: {
      'content-type': 'application/json',
      'request-id': requestId,
      ...(options.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(options.retryAfterSeconds) }),
    },
    body: anthropicErrorBody(status, requestId, options.message),
  }
}

/**
 * What the mock Anthropic upstream answers to one request, whatever carries it (the HTTP
 * server or msw): Anthropic's JSON error with its status, or the Messages SSE stream.
 */
export function respondAnthropicMessages(req: MockUpstreamRequest): MockUpstreamResponse {
  if (req.method !== 'POST' || req.path.split('?')[0] !== '/v1/messages') {
    return anthropicErrorResponse(404, { message: `Not found: ${req.method} ${req.path}` })
  }
  // SDK 1.x sends the key as a bearer token; older clients and curl send x-api-key.
  const authorization = req.headers.authorization
  const bearer = typeof authorization === 'string' && authorization.startsWith('Bearer ')
  if (typeof req.headers['x-api-key'] !== 'string' && !bearer) {
    return anthropicErrorResponse(401, { message: 'x-api-key header is required' })
  }
  const messages = asMessagesBody(req.body)
  if (messages === undefined || !messages.stream) {
    return anthropicErrorResponse(400, {
      message: 'the mock serves model, max_tokens, messages, stream: true',
    })
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
    return anthropicErrorResponse(400, { message: error.message })
  }
  if (upstream.status !== undefined) {
    return anthropicErrorResponse(upstream.status, {
      ...(upstream.status === 404 ? { message: `model: ${messages.model}` } : {}),
      ...(upstream.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: upstream.retryAfterSeconds }),
    })
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
  const frames: MockSseFrame[] = []
  let ending: 'end' | 'drop' = 'end'
  for (const step of steps) {
    if (step.kind === 'drop') {
      // A connection lost mid-stream: no error event, no final chunk, just a reset socket.
      ending = 'drop'
      break
    }
    frames.push({ delayMs: step.delayMs, text: formatSseEvent(step.event) })
  }
  return {
    kind: 'stream',
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': 'req_mock_stream',
    },
    frames,
    ending,
  }
}
