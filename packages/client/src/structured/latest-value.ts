/**
 * An async iterator of "the value now": each step yields the current value once it has changed
 * since the previous step. A consumer slower than the stream skips intermediate values instead
 * of queueing them (a growing document's intermediate snapshots would cost memory quadratic in
 * its length), but always gets the last one. The value is read only when a step yields it, so an
 * unobserved value costs nothing. One consumer.
 */
export class LatestValue<T> {
  readonly #read: () => T
  #version = 0
  #ended = false
  #failed = false
  #error: unknown
  #wake: (() => void) | undefined

  constructor(read: () => T) {
    this.#read = read
  }

  changed(): void {
    this.#version++
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

  async *values(): AsyncGenerator<T, void, undefined> {
    let seen = 0
    for (;;) {
      if (this.#version !== seen) {
        seen = this.#version
        yield this.#read()
        continue
      }
      if (this.#failed) throw this.#error
      if (this.#ended) return
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
  }

  #notify(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
