import { createRandom } from '@sluice/mock-provider'
import type { TimerFunctions } from '../fake-timers.js'
import { linkedAbort } from '../linked-abort.js'
import { type BodyFaultCore, createBodyFault } from './body-fault.js'
import { type FaultPlan, faultResponse, isHttpFault, type NetworkFault } from './faults.js'
import { pace, realTimers, wait } from './pacing.js'

type Fetch = (input: string, init: RequestInit) => Promise<Response>

/** A request as it was made: method, URL and headers (names lower-cased). */
export interface RecordedRequest {
  method: string
  url: string
  headers: Record<string, string>
}

export interface ChaosFetchOptions {
  /** The fault of each request, by its index (0-based) and what it asks for. */
  plan: FaultPlan<RecordedRequest>
  /** Seeds `rechunk`; every request draws from its own stream of it. @defaultValue 1 */
  seed?: number
  /** @defaultValue globalThis.fetch, looked up at call time */
  fetch?: Fetch
  /** Hold `throttle` and `delay` pieces. @defaultValue the global timers, looked up at call time */
  timers?: TimerFunctions
  /**
   * Response headers the client does not see, as a browser hides those that CORS does not
   * expose (e.g. `X-Stream-Id`). @defaultValue none
   */
  hideHeaders?: readonly string[]
}

/** One request that went through {@link chaosFetch}, and what its fault did. */
export interface ChaosFetchRecord extends RecordedRequest {
  fault: NetworkFault
  /** The status the client got: the server's, or an HTTP fault's. */
  status?: number
  /** Body bytes the client was given so far. */
  bytesForwarded: number
  /** Whether the body was broken off with a network error. */
  cut: boolean
}

/**
 * A `fetch` that applies a network fault to every response, for tests without sockets between
 * client and server. A cut errors the body with the `TypeError` that browsers' body reads throw
 * and aborts the real request, so the server sees its reader leave. HTTP faults answer without
 * calling the server.
 */
export function chaosFetch(options: ChaosFetchOptions) {
  const requests: ChaosFetchRecord[] = []
  const fetch: Fetch = async (input, init) => {
    const index = requests.length
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: input,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
    }
    const fault = options.plan(index, request)
    const record: ChaosFetchRecord = { ...request, fault, bytesForwarded: 0, cut: false }
    requests.push(record)
    if (isHttpFault(fault)) {
      const { status, headers, body } = faultResponse(fault)
      record.status = status
      record.bytesForwarded = Buffer.byteLength(body)
      return new Response(body, { status, headers })
    }
    const upstream = linkedAbort(init.signal)
    const response = await (options.fetch ?? globalThis.fetch)(input, {
      ...init,
      signal: upstream.signal,
    })
    record.status = response.status
    const core = createBodyFault(fault, createRandom(options.seed ?? 1, `chaos-fetch ${index}`))
    const body =
      response.body &&
      faultyBody(response.body, core, {
        fault,
        record,
        upstream,
        timers: options.timers ?? realTimers,
      })
    const headers = new Headers(response.headers)
    for (const name of options.hideHeaders ?? []) headers.delete(name)
    return new Response(body, { status: response.status, statusText: response.statusText, headers })
  }
  return { fetch, requests }
}

interface BodyContext {
  fault: NetworkFault
  record: ChaosFetchRecord
  upstream: AbortController
  timers: TimerFunctions
}

function faultyBody(
  body: ReadableStream<Uint8Array>,
  core: BodyFaultCore,
  { fault, record, upstream, timers }: BodyContext,
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  let cancelled = false
  let cutPending = false
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>) =>
    controller.error(new TypeError('network error'))
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (cutPending) return fail(controller)
        // A pull that enqueues nothing is not called again, so read on until something moves.
        for (let moved = false; !moved; ) {
          const { done, value } = await reader.read()
          const step = done ? { emit: core.end(), cut: false } : core.push(value)
          for (const bytes of step.emit) {
            for (const piece of pace(fault, bytes)) {
              await wait(timers, piece.waitMs)
              if (cancelled) return
              controller.enqueue(piece.bytes)
              record.bytesForwarded += piece.bytes.length
              moved = true
            }
          }
          if (step.cut) {
            record.cut = true
            upstream.abort()
            reader.cancel().catch(() => {})
            // Erroring discards what is still queued: the bytes before the cut must be read first.
            if (moved) cutPending = true
            else fail(controller)
            return
          }
          if (done) return controller.close()
        }
      },
      cancel(reason) {
        cancelled = true
        return reader.cancel(reason)
      },
    },
    // Read upstream only when the client reads, so that a delay holds what the client awaits.
    { highWaterMark: 0 },
  )
}
