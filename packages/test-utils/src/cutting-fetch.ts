import { linkedAbort } from './linked-abort.js'

type Fetch = (input: string, init: RequestInit) => Promise<Response>

export interface CuttingFetchOptions {
  /**
   * For the n-th request (0-based), after how many complete event frames its body breaks with
   * a network error; `undefined` leaves it whole. 0 cuts before the first event.
   */
  cutAfterEvents: (requestIndex: number) => number | undefined
  /** Drop `X-Stream-Id` / `X-Resume-Token`, as a browser does when CORS does not expose them. */
  hideStreamHeaders?: boolean
  /** @defaultValue globalThis.fetch */
  fetch?: Fetch
}

export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string>
}

const NEWLINE = 0x0a
const ID_FIELD_START = 'i'.charCodeAt(0)

/**
 * A `fetch` that cuts event-stream bodies at frame boundaries, like a connection dropped between
 * two events. The real request is aborted too, so the server sees the reader leave.
 */
export function cuttingFetch(options: CuttingFetchOptions) {
  const requests: RecordedRequest[] = []
  const fetch: Fetch = async (input, init) => {
    const index = requests.length
    requests.push({
      method: init.method ?? 'GET',
      url: input,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    })
    const upstream = linkedAbort(init.signal)
    const response = await (options.fetch ?? globalThis.fetch)(input, {
      ...init,
      signal: upstream.signal,
    })
    const headers = new Headers(response.headers)
    if (options.hideStreamHeaders) {
      headers.delete('X-Stream-Id')
      headers.delete('X-Resume-Token')
    }
    const cutAt = options.cutAfterEvents(index)
    const body =
      cutAt === undefined || !response.body
        ? response.body
        : cutBody(response.body, cutAt, upstream)
    return new Response(body, { status: response.status, statusText: response.statusText, headers })
  }
  return { fetch, requests }
}

function cutBody(body: ReadableStream<Uint8Array>, cutAt: number, upstream: AbortController) {
  const reader = body.getReader()
  let events = 0
  let blockStart = true
  let eventBlock = false
  let previous = -1
  const cut = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    upstream.abort()
    controller.error(new TypeError('network error'))
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (cutAt === 0) cut(controller)
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      for (let i = 0; i < value.length; i++) {
        const byte = value[i] as number
        if (blockStart) eventBlock = byte === ID_FIELD_START
        blockStart = byte === NEWLINE && previous === NEWLINE
        previous = blockStart ? -1 : byte
        if (blockStart && eventBlock && ++events === cutAt) {
          controller.enqueue(value.subarray(0, i + 1))
          cut(controller)
          return
        }
      }
      controller.enqueue(value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
