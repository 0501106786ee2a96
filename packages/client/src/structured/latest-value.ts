import { StreamEnding } from '../stream-ending.js'

/**
 * An async iterator of "the value now": each step yields the current value once it has changed
 * since the previous step. A consumer slower than the stream skips intermediate values instead
 * of queueing them (a growing document's intermediate snapshots would cost memory quadratic in
 * its length), but always gets the last one. The value is read only when a step yields it, so an
 * unobserved value costs nothing. One consumer.
 */
export class LatestValue<T> extends StreamEnding {
  readonly #read: () => T
  #version = 0

  constructor(read: () => T) {
    super()
    this.#read = read
  }

  changed(): void {
    this.#version++
    this.wake()
  }

  async *values(): AsyncGenerator<T, void, undefined> {
    let seen = 0
    for (;;) {
      if (this.#version !== seen) {
        seen = this.#version
        yield this.#read()
        continue
      }
      if (!(await this.more())) return
    }
  }
}
