/**
 * The server's shutdown state. Draining: no new streams (503), running generations may finish.
 * Readers closed: every attached reader has been told to reconnect, and resumes get 503 too.
 * Readers listen in a set: each added and removed in constant time (an `AbortSignal` removes
 * listeners in linear time and warns past 10 of them; a server holds thousands of readers).
 */
export class DrainState {
  #draining = false
  #readersClosed = false
  readonly #readers = new Set<() => void>()

  get draining(): boolean {
    return this.#draining
  }

  /** Whether attached readers must send a `retry:` hint and close. */
  get readersClosed(): boolean {
    return this.#readersClosed
  }

  /** Calls `listener` when readers are closed, until `unlisten(listener)`. */
  listen(listener: () => void): void {
    this.#readers.add(listener)
  }

  /** Stops calling `listener`. (A method, not a function per listener: readers are many.) */
  unlisten(listener: () => void): void {
    this.#readers.delete(listener)
  }

  begin(): void {
    this.#draining = true
  }

  closeReaders(): void {
    this.#draining = true
    if (this.#readersClosed) return
    this.#readersClosed = true
    for (const listener of this.#readers) listener()
  }
}
