import { StreamEnding } from './stream-ending.js'

/**
 * The buffer behind a stream's async iterator: events are kept from the start, so a caller may
 * begin iterating late without missing any (at a memory cost about that of the text). One
 * consumer; once it stops iterating, nothing more is kept.
 */
export class EventQueue<T> {
  #items: T[] = []
  #head = 0
  readonly #ending = new StreamEnding()

  /** Once the consumer has stopped iterating, nothing is kept for it any more. */
  #abandoned = false

  push(item: T): void {
    if (this.#abandoned) return
    this.#items.push(item)
    this.#ending.wake()
  }

  end(): void {
    this.#ending.end()
  }

  fail(error: unknown): void {
    this.#ending.fail(error)
  }

  async *drain(): AsyncGenerator<T, void, undefined> {
    try {
      for (;;) {
        if (this.#head < this.#items.length) {
          yield this.#take()
          continue
        }
        if (this.#ending.failed) throw this.#ending.error
        if (this.#ending.ended) return
        await this.#ending.next()
      }
    } finally {
      // Also reached by a `break` out of `for await`: then keep nothing more for this consumer.
      this.#abandoned = true
      this.#items = []
      this.#head = 0
    }
  }

  // A moving head instead of shift(), which copies the array on long streams.
  #take(): T {
    const item = this.#items[this.#head++] as T
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    }
    return item
  }
}
