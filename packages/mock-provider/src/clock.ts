/** A source of time and delays, injected so that tests can run the mock in virtual time. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences are meaningful. */
  now(): number
  /**
   * Resolves after `ms` milliseconds (at once-ish for `ms <= 0`). Rejects with `signal.reason`
   * when the signal aborts, including when it is already aborted.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** Real time: a monotonic `now()` and `setTimeout`-based sleeps. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      // Even a zero sleep goes through the timer queue, so a tight token loop still lets I/O
      // and abort events in between tokens.
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
        Math.max(0, ms),
      )
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}
