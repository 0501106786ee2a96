import type { CursorStore, PersistedStream } from './cursor-store.js'

/** Namespaces the keys, so a persisted stream cannot clobber the application's own entries. */
const KEY_PREFIX = 'sluice:'

/**
 * A store in `sessionStorage`, looked up at call time: per tab, it survives reloads and is gone
 * when the tab closes, which is the lifetime of a stream a page is showing. Never throws: where
 * storage is blocked (`SecurityError`) or full (`QuotaExceededError`), saves are dropped and loads
 * find nothing.
 */
export function sessionStorageCursorStore(): CursorStore {
  return {
    load: (key) => {
      const raw = attempt(() => globalThis.sessionStorage.getItem(KEY_PREFIX + key))
      if (raw === undefined || raw === null) return undefined
      try {
        return JSON.parse(raw) as PersistedStream
      } catch {
        // Not ours, or cut short: nothing can be resumed from it.
        attempt(() => globalThis.sessionStorage.removeItem(KEY_PREFIX + key))
        return undefined
      }
    },
    save: (key, state) => {
      attempt(() => globalThis.sessionStorage.setItem(KEY_PREFIX + key, JSON.stringify(state)))
    },
    remove: (key) => {
      attempt(() => globalThis.sessionStorage.removeItem(KEY_PREFIX + key))
    },
  }
}

/** Whether `sessionStorage` exists and takes writes (private modes may expose it with no quota). */
export function isSessionStorageUsable(): boolean {
  const probe = `${KEY_PREFIX}probe`
  return (
    attempt(() => {
      globalThis.sessionStorage.setItem(probe, probe)
      globalThis.sessionStorage.removeItem(probe)
      return true
    }) === true
  )
}

// Even reading `globalThis.sessionStorage` throws where the user blocked site data.
function attempt<T>(action: () => T): T | undefined {
  try {
    return action()
  } catch {
    return undefined
  }
}
