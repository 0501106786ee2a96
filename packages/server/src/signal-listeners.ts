/**
 * Listeners on one long-lived signal (the server's drain) that every open reader watches: each
 * added and removed in constant time. Node's `EventTarget` removes listeners in linear time and
 * warns past 10 of them on one signal; a server holds thousands of readers.
 */
export class SignalListeners {
  readonly #listeners = new Set<() => void>()
  readonly #signal: AbortSignal

  constructor(signal: AbortSignal) {
    this.#signal = signal
    signal.addEventListener('abort', () => {
      for (const listener of this.#listeners) listener()
    })
  }

  get aborted(): boolean {
    return this.#signal.aborted
  }

  /** Calls `listener` when the signal aborts, until `unlisten(listener)`. */
  listen(listener: () => void): void {
    this.#listeners.add(listener)
  }

  /** Stops calling `listener`. (A method, not a function per listener: readers are many.) */
  unlisten(listener: () => void): void {
    this.#listeners.delete(listener)
  }
}
