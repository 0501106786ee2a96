/**
 * How a one-consumer async source ends (normally or with an error), and the wake-up of a
 * consumer waiting for more. The base of the event queue and the latest-value channels.
 */
export class StreamEnding {
  #ended = false
  #failed = false
  #error: unknown
  #wake: (() => void) | undefined

  end(): void {
    this.#ended = true
    this.wake()
  }

  fail(error: unknown): void {
    this.#failed = true
    this.#error = error
    this.wake()
  }

  /** Lets a consumer waiting in `more()` look again. */
  wake(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }

  /**
   * For a consumer that has taken everything there was: throws the failure if the source
   * failed, returns false if it ended, and otherwise waits for the next `wake()`, `end()` or
   * `fail()` and returns true (look again).
   */
  async more(): Promise<boolean> {
    if (this.#failed) throw this.#error
    if (this.#ended) return false
    await new Promise<void>((resolve) => {
      this.#wake = resolve
    })
    return true
  }
}
