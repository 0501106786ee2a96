/** A request to a mock vendor upstream, independent of the transport that carried it. */
export interface MockUpstreamRequest {
  method: string
  /** The request path as the upstream matches it. */
  path: string
  /** Header names in lower case, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The parsed JSON body, or `undefined` when it was not JSON. */
  body: unknown
}

/** One write of a streamed response: wait `delayMs`, then send `text` (nothing when empty). */
export interface MockSseFrame {
  delayMs: number
  text: string
}

/**
 * What a mock vendor upstream answers, as bytes: a JSON error with its status, or a 200 SSE
 * stream of frames that either ends cleanly or is dropped (the connection cut, no more bytes).
 * The HTTP servers and the msw handlers both send exactly this.
 */
export type MockUpstreamResponse = MockJsonResponse | MockStreamResponse

/** An error answered before any stream: a status and a JSON body. */
export interface MockJsonResponse {
  kind: 'json'
  status: number
  headers: Record<string, string>
  body: string
}

/** A 200 SSE stream of frames that either ends cleanly or is dropped. */
export interface MockStreamResponse {
  kind: 'stream'
  status: 200
  headers: Record<string, string>
  frames: MockSseFrame[]
  ending: 'end' | 'drop'
}
