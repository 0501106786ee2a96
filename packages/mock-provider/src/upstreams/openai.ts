import { type Clock, systemClock } from '../clock.js'
import {
  type MockUpstreamServer,
  type RecordedUpstreamRequest,
  serveMockUpstream,
} from './http-server.js'
import { openAIErrorResponse, respondOpenAIChat } from './openai-respond.js'

/** One request the mock OpenAI upstream received. */
export type RecordedOpenAIRequest = RecordedUpstreamRequest

/** The mock OpenAI upstream; its `url` is the base URL to give the SDK, ending in `/v1`. */
export type MockOpenAIServer = MockUpstreamServer

export interface MockOpenAIOptions {
  /** @defaultValue 0, any free port */
  port?: number
  /** Where token delays take their time. @defaultValue `systemClock` */
  clock?: Clock
}

/**
 * A mock OpenAI upstream on 127.0.0.1: `POST /v1/chat/completions` with `stream: true`, in
 * OpenAI's SSE wire format, with the mock's seeded text, JSON documents and tool calls.
 *
 * The scenario comes from the `x-mock-scenario` header (JSON) or, when there is none, from the
 * last user message if it is exactly `{"mock": {...}}` (see `OpenAIUpstreamScenario`), so the
 * real SDK can pick it without custom options. A request without a bearer key gets a 401.
 */
export function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAIServer> {
  return serveMockUpstream({
    respond: respondOpenAIChat,
    failure: openAIErrorResponse(400, 'Bad request'),
    pathOf: (url) => new URL(url, 'http://mock').pathname,
    basePath: '/v1',
    clock: options.clock ?? systemClock,
    port: options.port ?? 0,
  })
}
