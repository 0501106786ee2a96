/**
 * How a one-consumer async source ends (normally or with an error), and the wake-up of a
 * consumer waiting for more. Shared by the event queue and the latest-value channels.
 */
export class StreamEnding {
  ended = false
  failed = false
  error: unknown
  #wake: (() => void) | undefined

  end(): void {
    this.ended = true
    this.wake()
  }

  fail(error: unknown): void {
    this.failed = true
    this.error = error
    this.wake()
  }

  /** Resolves at the next `wake()`, `end()` or `fail()`. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve
    })
  }

  wake(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
