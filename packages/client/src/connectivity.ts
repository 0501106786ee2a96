/** What the client knows about the device's network; injectable so tests control it. */
export interface Connectivity {
  /** `false` only when the device is known to be offline; `true` when it cannot tell. */
  isOnline(): boolean
  /** Resolves once the device may be online again, or as soon as `signal` aborts. Never rejects. */
  waitUntilOnline(signal: AbortSignal): Promise<void>
}

interface OnlineEvents {
  addEventListener(type: 'online', listener: () => void): void
  removeEventListener(type: 'online', listener: () => void): void
}

/**
 * `navigator.onLine` and the `online` event of the global scope (a window or a worker), looked up
 * at call time. `navigator.onLine === true` only means "has a network interface", so only
 * `false` is trusted. Where there is no `online` event to wait for (Node, Deno), the device
 * always counts as online: a wait that can never end must not start.
 */
export function globalConnectivity(): Connectivity {
  const scope = () => globalThis as unknown as Partial<OnlineEvents>
  return {
    isOnline: () => globalThis.navigator?.onLine !== false || !scope().addEventListener,
    waitUntilOnline: (signal) =>
      new Promise((resolve) => {
        const events = scope()
        if (signal.aborted || !events.addEventListener) return resolve()
        const done = () => {
          events.removeEventListener?.('online', done)
          signal.removeEventListener('abort', done)
          resolve()
        }
        events.addEventListener('online', done)
        signal.addEventListener('abort', done, { once: true })
      }),
  }
}
