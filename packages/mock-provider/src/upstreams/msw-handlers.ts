import { type HttpHandler, HttpResponse, http } from 'msw'
import { systemClock } from '../clock.js'
import { respondAnthropicMessages } from './anthropic-respond.js'
import type { MockUpstreamRequest, MockUpstreamResponse } from './http-response.js'
import { respondOpenAIChat } from './openai-respond.js'

/** Where the handlers answer. */
export interface MockUpstreamHandlerOptions {
  /**
   * The origin (and optional path prefix) the client calls, without `/v1`.
   * @defaultValue the vendor's own, `https://api.openai.com` or `https://api.anthropic.com`
   */
  baseUrl?: string
}

async function upstreamRequest(request: Request, path: string): Promise<MockUpstreamRequest> {
  const text = await request.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  // The Headers' names are already lower case, as Node gives them to the HTTP servers.
  return { method: request.method, path, headers: Object.fromEntries(request.headers), body }
}

/**
 * The response the HTTP mock server would send, as a fetch `Response`: a JSON error, or a
 * `ReadableStream` of the same SSE bytes, paced in real time and errored where the server
 * drops its connection.
 */
function toResponse(response: MockUpstreamResponse, signal: AbortSignal): Response {
  if (response.kind === 'json') {
    return new HttpResponse(response.body, { status: response.status, headers: response.headers })
  }
  const encoder = new TextEncoder()
  const stopped = new AbortController()
  const onAbort = () => stopped.abort(signal.reason)
  signal.addEventListener('abort', onAbort, { once: true })
  let next = 0
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Each pull sends one non-empty frame, so the consumer's pace sets the mock's.
        for (;;) {
          const frame = response.frames[next++]
          if (frame === undefined) {
            signal.removeEventListener('abort', onAbort)
            if (response.ending === 'drop') {
              controller.error(new TypeError('mock upstream dropped the connection'))
            } else {
              controller.close()
            }
            return
          }
          if (frame.delayMs > 0) await systemClock.sleep(frame.delayMs, stopped.signal)
          if (frame.text !== '') {
            controller.enqueue(encoder.encode(frame.text))
            return
          }
        }
      } catch (error) {
        // The client went away mid-sleep: nothing more to send.
        signal.removeEventListener('abort', onAbort)
        controller.error(error)
      }
    },
    cancel(reason) {
      signal.removeEventListener('abort', onAbort)
      stopped.abort(reason)
    },
  })
  return new HttpResponse(stream, { status: response.status, headers: response.headers })
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

/**
 * The mock OpenAI upstream as msw 2 handlers: `POST {baseUrl}/v1/chat/completions`, answering
 * exactly what `startMockOpenAI` answers to the same request (see `OpenAIUpstreamScenario`).
 */
export function mockOpenAIHandlers(options: MockUpstreamHandlerOptions = {}): HttpHandler[] {
  const baseUrl = trimSlash(options.baseUrl ?? 'https://api.openai.com')
  return [
    http.post(`${baseUrl}/v1/chat/completions`, async ({ request }) => {
      const response = respondOpenAIChat(await upstreamRequest(request, '/v1/chat/completions'))
      return toResponse(response, request.signal)
    }),
  ]
}

/**
 * The mock Anthropic upstream as msw 2 handlers: `POST {baseUrl}/v1/messages`, answering
 * exactly what `startMockAnthropic` answers to the same request (see
 * `AnthropicUpstreamScenario`).
 */
export function mockAnthropicHandlers(options: MockUpstreamHandlerOptions = {}): HttpHandler[] {
  const baseUrl = trimSlash(options.baseUrl ?? 'https://api.anthropic.com')
  return [
    http.post(`${baseUrl}/v1/messages`, async ({ request }) => {
      const { search } = new URL(request.url)
      const response = respondAnthropicMessages(
        await upstreamRequest(request, `/v1/messages${search}`),
      )
      return toResponse(response, request.signal)
    }),
  ]
}
