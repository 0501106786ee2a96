import type { ClientTimers } from './options.js'

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export function sleep(timers: ClientTimers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      timers.clearTimeout(handle)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const handle = timers.setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
