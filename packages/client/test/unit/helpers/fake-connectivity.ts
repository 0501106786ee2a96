import type { Connectivity } from '../../../src/index.js'

/** A network the test switches off and on. Online at first. */
export class FakeConnectivity implements Connectivity {
  /** How many times the client started waiting for the network. */
  waits = 0
  #online = true
  readonly #waiters = new Set<() => void>()

  readonly isOnline = (): boolean => this.#online

  readonly waitUntilOnline = (signal: AbortSignal): Promise<void> => {
    this.waits++
    return new Promise((resolve) => {
      const done = () => {
        this.#waiters.delete(done)
        signal.removeEventListener('abort', done)
        resolve()
      }
      this.#waiters.add(done)
      signal.addEventListener('abort', done, { once: true })
    })
  }

  /** Whether the client is waiting for the network now. */
  get waiting(): boolean {
    return this.#waiters.size > 0
  }

  goOffline(): void {
    this.#online = false
  }

  goOnline(): void {
    this.#online = true
    for (const wake of [...this.#waiters]) wake()
  }
}
