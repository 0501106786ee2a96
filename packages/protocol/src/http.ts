/** Header names shared by client and server. */
export const Header = {
  streamId: 'X-Stream-Id',
  resumeToken: 'X-Resume-Token',
  /** Milliseconds between heartbeats on this response, so a client can size its stall timeout. */
  heartbeatInterval: 'X-Heartbeat-Interval',
  lastEventId: 'Last-Event-ID',
  idempotencyKey: 'Idempotency-Key',
  authorization: 'Authorization',
  retryAfter: 'Retry-After',
  contentType: 'Content-Type',
} as const

/** Query parameters that stand in for headers where a page cannot set them. */
export const QueryParam = {
  lastEventId: 'lastEventId',
  token: 'token',
} as const

export const SSE_CONTENT_TYPE = 'text/event-stream'
export const JSON_CONTENT_TYPE = 'application/json'

/** Paths of the v1 API, relative to the server's base URL. */
export const Path = {
  streams: '/v1/streams',
  stream: (streamId: string) => `/v1/streams/${encodeURIComponent(streamId)}`,
  providers: '/v1/providers',
} as const

/** `GET /v1/providers`: which providers a request may choose, and why the others cannot be. */
export interface ProvidersResponse {
  /** The provider a request without `provider` gets. */
  defaultProvider: string
  /** Configured providers, usable now. */
  available: { id: string }[]
  /** Providers the server knows but that are not configured, with what is missing. */
  unavailable: { id: string; reason: string }[]
}

/** Codes of the JSON errors that the HTTP API answers with (`{error: {code, message}}`). */
export type ApiErrorCode =
  | 'invalid-json'
  | 'unsupported-media-type'
  | 'body-too-large'
  | 'invalid-request'
  | 'unknown-provider'
  | 'provider-unavailable'
  | 'idempotency-key-reused'
  | 'invalid-cursor'
  | 'cursor-out-of-range'
  | 'stream-not-found'
  | 'token-required'
  | 'invalid-token'
  | 'unauthorized'
  | 'not-stream-owner'
  | 'too-many-streams'
  | 'server-draining'
  | 'not-found'
  | 'internal-error'

export interface ApiErrorIssue {
  /** Dotted path of the offending field, e.g. `messages.0.content`. */
  path: string
  message: string
}

export interface ApiErrorBody {
  error: {
    code: ApiErrorCode
    message: string
    issues?: ApiErrorIssue[]
  }
}
