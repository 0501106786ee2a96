/**
 * The buffer behind a stream's async iterator: events are kept from the start, so a caller may
 * begin iterating late without missing any. One consumer.
 */
export class EventQueue<T> {
  #items: T[] = []
  #head = 0
  #ended = false
  #error: unknown
  #failed = false
  #wake: (() => void) | undefined

  push(item: T): void {
    this.#items.push(item)
    this.#notify()
  }

  end(): void {
    this.#ended = true
    this.#notify()
  }

  fail(error: unknown): void {
    this.#failed = true
    this.#error = error
    this.#notify()
  }

  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.#head < this.#items.length) {
        yield this.#take()
        continue
      }
      if (this.#failed) throw this.#error
      if (this.#ended) return
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
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

  #notify(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
