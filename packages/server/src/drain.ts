/**
 * The server's shutdown state. Draining: no new streams (503), running generations may finish.
 * Readers closed: every attached reader has been told to reconnect, and resumes get 503 too.
 */
export class DrainState {
  #draining = false
  readonly #readers = new AbortController()

  get draining(): boolean {
    return this.#draining
  }

  /** Aborts when attached readers must send a `retry:` hint and close. */
  get readersClosed(): AbortSignal {
    return this.#readers.signal
  }

  begin(): void {
    this.#draining = true
  }

  closeReaders(): void {
    this.#draining = true
    this.#readers.abort()
  }
}
