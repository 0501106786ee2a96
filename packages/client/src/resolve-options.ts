import { globalConnectivity } from './connectivity.js'
import { SluiceError } from './errors/sluice-error.js'
import type { ResolvedClientOptions, SluiceClientOptions } from './options.js'
import type { CursorStore } from './persistence/cursor-store.js'
import { memoryCursorStore } from './persistence/memory-cursor-store.js'
import {
  isSessionStorageUsable,
  sessionStorageCursorStore,
} from './persistence/session-storage-cursor-store.js'
import { defaultRetryPolicy } from './retry/decide-retry.js'

/** Checks the options and fills in the defaults; throws `invalid-argument` on a bad value. */
export function resolveOptions(options: SluiceClientOptions): ResolvedClientOptions {
  if (typeof options?.baseUrl !== 'string') {
    throw new SluiceError('invalid-argument', 'createSluiceClient() needs a baseUrl string')
  }
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const stallMultiplier = options.stallMultiplier ?? 3
  const persistIntervalMs = options.persistIntervalMs ?? 250
  check('heartbeatMs', heartbeatMs, 'a positive number', (value) => value > 0)
  check('stallMultiplier', stallMultiplier, 'a number of at least 1', (value) => value >= 1)
  check('persistIntervalMs', persistIntervalMs, 'zero or more', (value) => value >= 0)
  let cursorStore: CursorStore | undefined = options.cursorStore
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    // Looked up per call, so a fetch patched after creation (tests, polyfills) is used.
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
    timers: options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    retry: { ...defaultRetryPolicy, ...options.retry },
    heartbeatMs,
    stallMultiplier,
    cursorStore: () => {
      cursorStore ??= isSessionStorageUsable() ? sessionStorageCursorStore() : memoryCursorStore()
      return cursorStore
    },
    persistIntervalMs,
    connectivity: options.connectivity ?? globalConnectivity(),
  }
}

function check(name: string, value: unknown, wanted: string, valid: (value: number) => boolean) {
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new SluiceError('invalid-argument', `${name} must be ${wanted}, got ${String(value)}`)
  }
}
