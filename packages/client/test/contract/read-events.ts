import { decodeEvent, type SluiceEvent } from '@sluice/protocol'
import { EventSourceParserStream } from 'eventsource-parser/stream'

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
    const messages = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
    try {
      for await (const message of messages) {
        const event = decodeEvent(message)
        if (event) events.push(event)
        for (const check of [...checks]) check()
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
