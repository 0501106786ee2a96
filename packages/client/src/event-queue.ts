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
 * type strings cost it nothing). For the same reason a text delta whose data is `{ text }` alone,
 * almost every event, is kept as its text, one object less per event, and its data is rebuilt
 * when the iterator yields it. The iterator yields events equal to those pushed, around the same
 * `data` object for every other event.
 */
export class EventQueue extends StreamEnding {
  #seqs: number[] = []
  #types: EventTypeName[] = []
  /** Each event's data, or the text of a text delta whose data is `{ text }` alone (a data is
   * never a string). */
  #data: unknown[] = []
  #head = 0
  /** Once the consumer has stopped iterating, nothing is kept for it any more. */
  #abandoned = false

  push({ seq, type, data }: SluiceEvent): void {
    if (this.#abandoned) return
    this.#seqs.push(seq)
    this.#types.push(type)
    this.#data.push(type === 'text-delta' && onlyText(data) ? data.text : data)
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
    const data = this.#data[i]
    const event = {
      seq: this.#seqs[i],
      type: this.#types[i],
      data: typeof data === 'string' ? { text: data } : data,
    } as SluiceEvent
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

/** Whether a text delta's data has no field but `text` (a loop: `Object.keys` would allocate). */
function onlyText(data: object): boolean {
  for (const key in data) if (key !== 'text') return false
  return true
}
