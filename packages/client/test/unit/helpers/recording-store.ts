import { type CursorStore, memoryCursorStore, type PersistedStream } from '../../../src/index.js'

/** A memory store that records what the client does with it. */
export class RecordingStore implements CursorStore {
  /** Every state saved, in order, as it was at the time. */
  readonly saves: PersistedStream[] = []
  readonly removals: string[] = []
  readonly #inner = memoryCursorStore()

  load(key: string): PersistedStream | undefined {
    return this.#inner.load(key)
  }

  save(key: string, state: PersistedStream): void {
    this.saves.push(structuredClone(state))
    this.#inner.save(key, state)
  }

  remove(key: string): void {
    this.removals.push(key)
    this.#inner.remove(key)
  }
}
