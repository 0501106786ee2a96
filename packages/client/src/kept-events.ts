import type { SluiceEvent } from '@sluice/protocol'

/**
 * The events delivered before anyone iterates a stream, kept for a later `for await`.
 *
 * Kept as runs (stretches of consecutive seqs of one type) over a flat list of their data rather
 * than as the event objects, for speed: most applications only use callbacks, and an object per
 * event that lives as long as the stream costs a reader more garbage-collector time than anything
 * else it does. `take()` rebuilds equal events around the same data.
 */
export class KeptEvents {
  /** Each kept event's data, in order. */
  #data: unknown[] = []
  /** Flat triples, one per run: its first index in `#data`, its first seq, its type. */
  #runs: (number | string)[] = []
  /** The seq and type that continue the current run. */
  #nextSeq = 0
  #type = ''

  push(event: SluiceEvent): void {
    if (event.seq !== this.#nextSeq || event.type !== this.#type) {
      this.#runs.push(this.#data.length, event.seq, event.type)
      this.#type = event.type
    }
    this.#nextSeq = event.seq + 1
    this.#data.push(event.data)
  }

  /** The kept events, in order; nothing is kept after. */
  take(): SluiceEvent[] {
    const data = this.#data
    const runs = this.#runs
    this.#data = []
    this.#runs = []
    this.#nextSeq = 0
    const events: SluiceEvent[] = []
    for (let run = 0; run < runs.length; run += 3) {
      const start = runs[run] as number
      const end = run + 3 < runs.length ? (runs[run + 3] as number) : data.length
      const firstSeq = runs[run + 1] as number
      const type = runs[run + 2]
      for (let i = start; i < end; i++) {
        events.push({ seq: firstSeq + i - start, type, data: data[i] } as SluiceEvent)
      }
    }
    return events
  }
}

