import type { CursorStore, PersistedStream } from './cursor-store.js'

/**
 * A store in memory: it survives a stream, not a page or process. The reference implementation,
 * the default where `sessionStorage` is missing, and the way to share state between clients in
 * one process.
 */
export function memoryCursorStore(): CursorStore {
  const states = new Map<string, PersistedStream>()
  return {
    // Copies both ways: a caller mutating what it saved or loaded must not change the store.
    load: (key) => {
      const state = states.get(key)
      return state && structuredClone(state)
    },
    save: (key, state) => {
      states.set(key, structuredClone(state))
    },
    remove: (key) => {
      states.delete(key)
    },
  }
}
