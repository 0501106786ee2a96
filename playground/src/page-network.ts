import type { FetchLike } from '@sluice/client'

/** Network faults the page applies to event-stream bodies, as a bad network or proxy would. */
export interface NetworkFaults {
  /** At most this many bytes per second; `undefined` for no limit. */
  throttleBytesPerSecond: number | undefined
  /** Hold bodies back until they end (or buffering is switched off), like a buffering proxy. */
  buffer: boolean
}

/** A throttled body trickles out this many times a second, so it slows down rather than pauses. */
const THROTTLE_TICKS_PER_SECOND = 10

/** An event-stream body being read, as the faults see it. */
interface OpenBody {
  heldBytes: () => number
  /** Passes on, in order, what buffering held back. */
  release: () => number
  /** Breaks the body, as a dropped connection does. */
  cut: () => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A `fetch` for the playground's client that can break, slow down or hold back event-stream
 * bodies on demand, so the page shows what the client does about it. Faults are read for each
 * chunk, so switching them acts on the stream being read.
 */
export class PageNetwork {
  readonly #faults: NetworkFaults = { throttleBytesPerSecond: undefined, buffer: false }
  readonly #open = new Set<OpenBody>()
  readonly #listeners = new Set<() => void>()

  readonly fetch: FetchLike = async (input, init) => {
    const response = await fetch(input, init)
    const isEventStream = response.headers.get('content-type')?.startsWith('text/event-stream')
    if (!response.body || !isEventStream) return response
    const { status, statusText, headers } = response
    return new Response(this.#faulty(response.body), { status, statusText, headers })
  }

  /** Calls `listener` when the bytes held back change (for `useSyncExternalStore`). */
  readonly subscribe = (listener: () => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Bytes that buffering holds back from the page right now. */
  readonly heldBytes = () => [...this.#open].reduce((sum, body) => sum + body.heldBytes(), 0)

  throttle(bytesPerSecond: number | undefined): void {
    this.#faults.throttleBytesPerSecond = bytesPerSecond
  }

  /** Switches buffering; switching it off passes on what was held. Returns the bytes released. */
  buffer(on: boolean): number {
    this.#faults.buffer = on
    if (on) return 0
    return [...this.#open].reduce((sum, body) => sum + body.release(), 0)
  }

  /** Breaks every body being read, as a dropped connection does; returns how many. */
  cutNow(): number {
    const cuts = [...this.#open]
    for (const body of cuts) body.cut()
    return cuts.length
  }

  #changed(): void {
    for (const listener of this.#listeners) listener()
  }

  #faulty(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader()
    let held: Uint8Array[] = []
    let broken = false
    let open: OpenBody
    const forget = () => {
      this.#open.delete(open)
      this.#changed()
    }
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        open = {
          heldBytes: () => held.reduce((sum, chunk) => sum + chunk.length, 0),
          release: () => {
            const bytes = open.heldBytes()
            for (const chunk of held) controller.enqueue(chunk)
            held = []
            this.#changed()
            return bytes
          },
          cut: () => {
            broken = true
            held = []
            forget()
            controller.error(new TypeError('network error'))
            reader.cancel().catch(() => {})
          },
        }
        this.#open.add(open)
      },
      pull: async (controller) => {
        for (;;) {
          const { done, value } = await reader.read()
          if (broken) return
          if (done) {
            open.release()
            forget()
            return controller.close()
          }
          if (!this.#faults.buffer) return this.#trickle(value, controller, () => broken)
          held.push(value)
          this.#changed()
        }
      },
      cancel: (reason) => {
        forget()
        return reader.cancel(reason)
      },
    })
  }

  /** Passes a chunk on, in slices no faster than the throttle allows (read at every slice). */
  async #trickle(
    chunk: Uint8Array,
    controller: ReadableStreamDefaultController<Uint8Array>,
    broken: () => boolean,
  ): Promise<void> {
    let rest = chunk
    while (rest.length > 0) {
      const rate = this.#faults.throttleBytesPerSecond
      if (!rate) return controller.enqueue(rest)
      const slice = rest.subarray(0, Math.ceil(rate / THROTTLE_TICKS_PER_SECOND))
      await sleep((slice.length / rate) * 1000)
      if (broken()) return
      controller.enqueue(slice)
      rest = rest.subarray(slice.length)
    }
  }
}
