import type {
  MockJsonResponse,
  MockUpstreamRequest,
  MockUpstreamResponse,
} from './http-response.js'
import { type OpenAIChatBody, planOpenAIChat } from './openai-chunks.js'
import { OPENAI_MID_STREAM_ERROR, type OpenAIErrorBody, openAIErrorBody } from './openai-errors.js'
import { OPENAI_SCENARIO_HEADER, resolveOpenAIScenario } from './openai-scenario.js'

function jsonError(
  status: number,
  error: OpenAIErrorBody,
  extra: Record<string, string> = {},
): MockJsonResponse {
  return {
    kind: 'json',
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_mock', ...extra },
    body: JSON.stringify(error),
  }
}

function invalidRequest(message: string): OpenAIErrorBody {
  return { error: { message, type: 'invalid_request_error', param: null, code: null } }
}

/** OpenAI's `invalid_request_error` body with this status and message. */
export function openAIErrorResponse(status: number, message: string): MockJsonResponse {
  return jsonError(status, invalidRequest(message))
}

function bearer(headers: MockUpstreamRequest['headers']): string | undefined {
  const authorization = headers.authorization
  const match = /^Bearer (.+)$/.exec(typeof authorization === 'string' ? authorization : '')
  return match?.[1]
}

/** The planned chunks as SSE frames: `data:` lines, then `[DONE]`, an error line or a drop. */
function streamChat(
  body: OpenAIChatBody,
  upstream: ReturnType<typeof resolveOpenAIScenario>,
): MockUpstreamResponse {
  const steps = planOpenAIChat(body, upstream.scenario, 'chatcmpl-mock', 1_700_000_000)
  const response = {
    kind: 'stream' as const,
    status: 200 as const,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': 'req_mock',
    },
    frames: [] as { delayMs: number; text: string }[],
    ending: 'end' as 'end' | 'drop',
  }
  for (const step of steps) {
    if (step.kind === 'fail') {
      if (upstream.failWith === 'error-event') {
        // [OpenAI] a failure after output began arrives as a data line with `error`, then EOF.
        response.frames.push({
          delayMs: step.delayMs,
          text: `data: ${JSON.stringify(OPENAI_MID_STREAM_ERROR)}\n\n`,
        })
      } else {
        // A dropped connection: no [DONE], no terminating chunk, the socket just goes away.
        response.frames.push({ delayMs: step.delayMs, text: '' })
        response.ending = 'drop'
      }
      return response
    }
    response.frames.push({ delayMs: step.delayMs, text: `data: ${JSON.stringify(step.chunk)}\n\n` })
  }
  response.frames.push({ delayMs: 0, text: 'data: [DONE]\n\n' })
  return response
}

/**
 * What the mock OpenAI upstream answers to one request, whatever carries it (the HTTP server
 * or msw): an OpenAI error body with its status, or the SSE stream of a Chat Completion.
 */
export function respondOpenAIChat(req: MockUpstreamRequest): MockUpstreamResponse {
  const { body } = req
  if (req.method !== 'POST' || req.path !== '/v1/chat/completions') {
    return jsonError(404, invalidRequest(`Invalid URL (${req.method} ${req.path})`))
  }
  const apiKey = bearer(req.headers)
  if (apiKey === undefined) {
    return jsonError(401, invalidRequest("You didn't provide an API key."))
  }
  if (typeof body !== 'object' || body === null) {
    return jsonError(400, invalidRequest('We could not parse the JSON body of your request.'))
  }
  const chat = body as OpenAIChatBody & { stream?: unknown }
  const header = req.headers[OPENAI_SCENARIO_HEADER]
  let upstream: ReturnType<typeof resolveOpenAIScenario>
  try {
    upstream = resolveOpenAIScenario(typeof header === 'string' ? header : undefined, chat)
  } catch (error) {
    return jsonError(400, invalidRequest(error instanceof Error ? error.message : String(error)))
  }
  if (upstream.status !== undefined) {
    const model = typeof chat.model === 'string' ? chat.model : 'unknown'
    const retry =
      upstream.status === 429 ? { 'retry-after': String(upstream.retryAfterSeconds) } : {}
    return jsonError(upstream.status, openAIErrorBody(upstream.status, { model, apiKey }), retry)
  }
  if (chat.stream !== true) {
    return jsonError(400, invalidRequest('The mock OpenAI upstream only answers `stream: true`.'))
  }
  return streamChat(chat, upstream)
}
