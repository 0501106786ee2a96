import { type Clock, systemClock } from '../clock.js'
import { anthropicErrorResponse, respondAnthropicMessages } from './anthropic-respond.js'
import {
  type MockUpstreamServer,
  type RecordedUpstreamRequest,
  serveMockUpstream,
} from './http-server.js'

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
export type MockAnthropicRequest = RecordedUpstreamRequest

/** The mock Anthropic upstream; its `url` is the SDK's `baseURL`, e.g. `http://127.0.0.1:41234`. */
export type MockAnthropic = MockUpstreamServer

/**
 * Serves `POST /v1/messages` with `stream: true` in Anthropic's SSE wire format, its content
 * from the mock's seeded generators. The scenario comes from the `x-mock-scenario` header (the
 * scenario's JSON) or from the last user message when its whole text is `{"mock": {...}}`;
 * beside the mock's fields it takes `status` (401, 404, 429, 529, … with Anthropic's error
 * body), `retryAfterSeconds` and `dropAt`. `failAt` ends the stream with Anthropic's
 * `overloaded_error` event after HTTP 200.
 */
export function startMockAnthropic(options: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  return serveMockUpstream({
    respond: respondAnthropicMessages,
    failure: anthropicErrorResponse(500),
    pathOf: (url) => url,
    basePath: '',
    clock: options.clock ?? systemClock,
    port: options.port ?? 0,
  })
}
