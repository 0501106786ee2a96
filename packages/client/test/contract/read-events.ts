import { decodeEvent, type SluiceEvent } from '@sluice/protocol'
import { createParser } from 'eventsource-parser'

export interface EventReader {
  /** Events read so far. */
  readonly events: SluiceEvent[]
  /** Resolves once `ready(events)` holds; rejects if the body ends first. */
  until(ready: (events: SluiceEvent[]) => boolean): Promise<void>
  /** Every event, once the body ends (a body cut by the network ends it too). */
  readonly all: Promise<SluiceEvent[]>
}

/** Reads a raw SSE response's events as they arrive, with no client and no reconnects. */
export function readEvents(response: Response): EventReader {
  const events: SluiceEvent[] = []
  const checks = new Set<() => void>()
  let ended = false
  const all = (async () => {
    const parser = createParser({
      onEvent: (message) => {
        const event = decodeEvent(message)
        if (event) events.push(event)
        for (const check of [...checks]) check()
      },
    })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        parser.feed(decoder.decode(value, { stream: true }))
      }
    } catch {
      // Cut: what arrived is the answer.
    }
    ended = true
    for (const check of [...checks]) check()
    return events
  })()
  return {
    events,
    all,
    until: (ready) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (ready(events)) {
            checks.delete(check)
            resolve()
          } else if (ended) {
            reject(new Error(`the body ended after ${events.length} events`))
          }
        }
        checks.add(check)
        check()
      }),
  }
}
