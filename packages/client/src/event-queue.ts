import type { EventTypeName, SluiceEvent } from '@sluice/protocol'
import { StreamEnding } from './stream-ending.js'

/**
 * The buffer behind a stream's async iterator: events are kept from the start, so a caller may
 * begin iterating late without missing any (at a memory cost about that of the text). One
 * consumer; once it stops iterating, nothing more is kept.
 *
 * Kept as three flat lists (seqs, types, data) rather than as the event objects, for speed: most
 * applications only use callbacks, and an object per event that lives as long as the stream
 * costs a reader more garbage-collector time than anything else it does (numbers and the shared
 * type strings cost it nothing). The iterator yields equal events around the same data.
 */
export class EventQueue extends StreamEnding {
  #seqs: number[] = []
  #types: EventTypeName[] = []
  #data: unknown[] = []
  #head = 0
  /** Once the consumer has stopped iterating, nothing is kept for it any more. */
  #abandoned = false

  push({ seq, type, data }: SluiceEvent): void {
    if (this.#abandoned) return
    this.#seqs.push(seq)
    this.#types.push(type)
    this.#data.push(data)
    this.wake()
  }

  async *drain(): AsyncGenerator<SluiceEvent, void, undefined> {
    try {
      for (;;) {
        if (this.#head < this.#data.length) {
          yield this.#take()
          continue
        }
        if (!(await this.more())) return
      }
    } finally {
      // Also reached by a `break` out of `for await`: then keep nothing more for this consumer.
      this.#clear()
      this.#abandoned = true
    }
  }

  // A moving head instead of shift(), which copies the arrays on long streams.
  #take(): SluiceEvent {
    const i = this.#head++
    const event = { seq: this.#seqs[i], type: this.#types[i], data: this.#data[i] } as SluiceEvent
    if (this.#head === this.#data.length) this.#clear()
    return event
  }

  #clear(): void {
    this.#seqs = []
    this.#types = []
    this.#data = []
    this.#head = 0
  }
}
