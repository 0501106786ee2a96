import { EventType, type SluiceEvent } from '@sluice/protocol'

/** The kind of a run of text deltas whose data is only their text, kept as the text alone. */
const TEXT_ONLY = 'text-only'

/**
 * The events delivered before anyone iterates a stream, kept for a later `for await`.
 *
 * Kept as runs (stretches of consecutive seqs of one kind) over a flat list of their data, for
 * speed: most applications only use callbacks, and objects that live as long as the stream cost
 * a reader more garbage-collector time than anything else it does. A text delta keeps only its
 * text, which the stream's text holds anyway. `take()` rebuilds events equal to those delivered.
 */
export class KeptEvents {
  /** Each kept event's data, or its text for a text-only delta, in order. */
  #slots: unknown[] = []
  /** Flat triples, one per run: its first index in `#slots`, its first seq, its kind. */
  #runs: (number | string)[] = []
  /** The seq and kind that continue the current run. */
  #nextSeq = 0
  #kind = ''

  push(event: SluiceEvent): void {
    const textOnly = event.type === EventType.textDelta && hasOnlyText(event.data)
    const kind = textOnly ? TEXT_ONLY : event.type
    if (event.seq !== this.#nextSeq || kind !== this.#kind) {
      this.#runs.push(this.#slots.length, event.seq, kind)
      this.#kind = kind
    }
    this.#nextSeq = event.seq + 1
    this.#slots.push(textOnly ? (event.data as { text: string }).text : event.data)
  }

  /** The kept events, in order; nothing is kept after. */
  take(): SluiceEvent[] {
    const slots = this.#slots
    const runs = this.#runs
    this.#slots = []
    this.#runs = []
    this.#nextSeq = 0
    const events: SluiceEvent[] = []
    for (let run = 0; run < runs.length; run += 3) {
      const start = runs[run] as number
      const end = run + 3 < runs.length ? (runs[run + 3] as number) : slots.length
      const firstSeq = runs[run + 1] as number
      const kind = runs[run + 2]
      for (let i = start; i < end; i++) {
        const seq = firstSeq + i - start
        events.push(
          (kind === TEXT_ONLY
            ? { seq, type: EventType.textDelta, data: { text: slots[i] } }
            : { seq, type: kind, data: slots[i] }) as SluiceEvent,
        )
      }
    }
    return events
  }
}

function hasOnlyText(data: object): boolean {
  for (const key in data) if (key !== 'text') return false
  return true
}
