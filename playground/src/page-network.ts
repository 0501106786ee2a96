import type { FetchLike } from '@sluice/client'

/** Network faults the page applies to event-stream bodies, as a bad network or proxy would. */
export interface NetworkFaults {
  /** At most this many bytes per second; `undefined` for no limit. */
  throttleBytesPerSecond: number | undefined
  /** Hold the whole body until it ends, like a buffering proxy. */
  buffer: boolean
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A `fetch` for the playground's client that can break, slow down or hold back event-stream
 * bodies on demand, so the page shows what the client does about it. Faults are read for each
 * chunk, so switching them acts on the stream being read.
 */
export class PageNetwork {
  faults: NetworkFaults = { throttleBytesPerSecond: undefined, buffer: false }
  readonly #open = new Set<() => void>()

  readonly fetch: FetchLike = async (input, init) => {
    const response = await fetch(input, init)
    const isEventStream = response.headers.get('content-type')?.startsWith('text/event-stream')
    if (!response.body || !isEventStream) return response
    const { status, statusText, headers } = response
    return new Response(this.#faulty(response.body), { status, statusText, headers })
  }

  /** Breaks every body being read, as a dropped connection does; returns how many. */
  cutNow(): number {
    const cuts = [...this.#open]
    for (const cut of cuts) cut()
    return cuts.length
  }

  #faulty(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader()
    const held: Uint8Array[] = []
    let broken = false
    let cut = () => {}
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        cut = () => {
          broken = true
          this.#open.delete(cut)
          controller.error(new TypeError('network error'))
          reader.cancel().catch(() => {})
        }
        this.#open.add(cut)
      },
      pull: async (controller) => {
        for (;;) {
          const { done, value } = await reader.read()
          if (broken) return
          if (done) {
            for (const chunk of held.splice(0)) controller.enqueue(chunk)
            this.#open.delete(cut)
            return controller.close()
          }
          if (this.faults.buffer) {
            held.push(value)
            continue
          }
          const rate = this.faults.throttleBytesPerSecond
          if (rate) await sleep((value.length / rate) * 1000)
          if (broken) return
          return controller.enqueue(value)
        }
      },
      cancel: (reason) => {
        this.#open.delete(cut)
        return reader.cancel(reason)
      },
    })
  }
}
