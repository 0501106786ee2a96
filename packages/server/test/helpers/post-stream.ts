/** Where a test creates streams: the app in process (`server.app`) or a base URL over HTTP. */
export type StreamTarget =
  | { request(path: string, init: RequestInit): Response | Promise<Response> }
  | string

export interface PostStreamInit {
  /** Beside `Content-Type: application/json`. */
  headers?: Record<string, string>
  signal?: AbortSignal
}

/**
 * `POST /v1/streams` with one user message "hi" and the fields of `body` (its `messages`, if
 * any, replace that one): the usual way a test starts a generation, a mock scenario in `mock`.
 */
export function postStream(
  target: StreamTarget,
  body: object = {},
  { headers = {}, signal }: PostStreamInit = {},
): Promise<Response> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
    ...(signal ? { signal } : {}),
  }
  return Promise.resolve(
    typeof target === 'string'
      ? fetch(`${target}/v1/streams`, init)
      : target.request('/v1/streams', init),
  )
}

/** The response of `postStream`, with the stream id and resume token its headers carry. */
export async function startStream(
  target: StreamTarget,
  body: object = {},
  init: PostStreamInit = {},
) {
  const response = await postStream(target, body, init)
  return {
    response,
    streamId: response.headers.get('X-Stream-Id') as string,
    token: response.headers.get('X-Resume-Token') as string,
  }
}
