import type { FetchLike } from '../../../src/index.js'

export interface RecordedRequest {
  method: string
  url: string
  /** As the network would see them: names lower-cased, repeated names joined with ", ". */
  headers: Record<string, string>
  body: string | undefined
  signal: AbortSignal | undefined
  /** Virtual time at which the request was made. */
  at: number
}

/** How the fake server answers one request: a response, a thrown error, or a function. */
export type Reply =
  | Response
  | Error
  | ((request: RecordedRequest) => Response | Error | Promise<Response | Error>)

/**
 * A `fetch` that answers the n-th request with the n-th scripted reply and records every
 * request. Like a real `fetch`, an aborted signal rejects the call or errors the body being
 * read. A request beyond the script fails with an error that no retry policy retries.
 */
export class ScriptedFetch {
  readonly requests: RecordedRequest[] = []
  readonly #replies: Reply[]
  readonly #now: () => number
  readonly #waiters = new Map<number, (request: RecordedRequest) => void>()

  constructor(replies: Reply[], now: () => number = () => 0) {
    this.#replies = replies
    this.#now = now
  }

  /** Method, URL and headers of every request, for exact assertions. */
  get calls(): { method: string; url: string; headers: Record<string, string> }[] {
    return this.requests.map(({ method, url, headers }) => ({ method, url, headers }))
  }

  /** Resolves with the n-th request (1-based) once it has been made. */
  request(n: number): Promise<RecordedRequest> {
    const made = this.requests[n - 1]
    if (made) return Promise.resolve(made)
    return new Promise((resolve) => this.#waiters.set(n, resolve))
  }

  readonly fetch: FetchLike = async (input, init) => {
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: input,
      headers: wireHeaders(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
      at: this.#now(),
    }
    this.requests.push(request)
    const index = this.requests.length
    this.#waiters.get(index)?.(request)
    this.#waiters.delete(index)

    const { signal } = request
    if (signal?.aborted) throw signal.reason
    const reply = this.#replies[index - 1]
    if (reply === undefined) {
      throw new Error(`Unscripted request ${index}: ${request.method} ${request.url}`)
    }
    const pending = typeof reply === 'function' ? reply(request) : reply
    // Like a real fetch, an abort rejects at once, even while the response is awaited.
    const answer = signal ? await Promise.race([pending, rejectOnAbort(signal)]) : await pending
    if (answer instanceof Error) throw answer
    if (signal?.aborted) {
      await answer.body?.cancel()
      throw signal.reason
    }
    if (!answer.body || !signal) return answer
    return new Response(abortable(answer.body, signal), {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    })
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

/** The body of a real fetch response: it errors with the signal's reason when the signal aborts. */
function abortable(body: ReadableStream<Uint8Array>, signal: AbortSignal) {
  const reader = body.getReader()
  let stopped = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const abort = () => {
        if (stopped) return
        stopped = true
        controller.error(signal.reason)
        reader.cancel(signal.reason).catch(() => {})
      }
      if (signal.aborted) abort()
      else signal.addEventListener('abort', abort, { once: true })
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (stopped) return
        if (done) {
          stopped = true
          controller.close()
        } else {
          controller.enqueue(value)
        }
      } catch (error) {
        if (stopped) return
        stopped = true
        controller.error(error)
      }
    },
    cancel(reason) {
      stopped = true
      return reader.cancel(reason)
    },
  })
}

/**
 * The headers a request puts on the wire, per the Fetch standard: names lower-cased, a name
 * given twice (in any case) joined with ", ", as browsers and Node do. Not through `Headers`:
 * happy-dom's keeps the last value of a repeated name instead of joining them.
 */
function wireHeaders(init: HeadersInit | undefined): Record<string, string> {
  const pairs: [string, string][] =
    init === undefined
      ? []
      : Array.isArray(init)
        ? init.map(([name, value]) => [String(name), String(value)])
        : init instanceof Headers
          ? [...init.entries()]
          : Object.entries(init)
  const headers: Record<string, string> = {}
  for (const [name, value] of pairs) {
    const key = name.toLowerCase()
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value
  }
  return headers
}
