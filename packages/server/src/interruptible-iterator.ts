/**
 * An async iterator whose pending `next()` an outside event (an abort, a missed deadline) can
 * fail at once, even if the source never settles it. One callback for the iterator's life
 * rather than a race per item: racing every item against one long-pending promise would leave a
 * reaction on that promise per item until the end.
 */
export class InterruptibleIterator<T> {
  readonly #source: AsyncIterator<T>
  #interruption: { reason: unknown } | undefined
  #failWait: ((reason: unknown) => void) | undefined

  constructor(source: AsyncIterator<T>) {
    this.#source = source
  }

  next(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => {
      if (this.#interruption) return reject(this.#interruption.reason)
      this.#failWait = reject
      this.#source.next().then(resolve, reject)
    })
  }

  /** Fails the `next()` in progress and every later one with `reason`; the first reason sticks. */
  interrupt(reason: unknown): void {
    this.#interruption ??= { reason }
    this.#failWait?.(this.#interruption.reason)
  }

  /** Tells the source we are done with it, without waiting for it. */
  release(): void {
    this.#source.return?.().catch(() => {})
  }
}
