/** The timer functions the server uses, injectable so tests can control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /**
   * Restarts a pending or fired timer's full delay (Node's `Timeout.refresh()`). Optional: an
   * alarm on timers without it clears and sets a new timer instead.
   */
  refresh?(handle: unknown): void
}

type NodeTimeout = ReturnType<typeof setTimeout>

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    // Retention and heartbeat timers must never keep a process alive on their own.
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeTimeout),
  refresh: (handle) => {
    ;(handle as NodeTimeout).refresh()
  },
}

/** A deadline that is armed and disarmed over and over, such as a heartbeat or an idle limit. */
export interface Alarm {
  /** Rings `ms` from now, unless disarmed or armed again first. */
  arm(): void
  disarm(): void
  /** Disarms it for good and releases its timer. */
  dispose(): void
}

/**
 * One timer for the alarm's whole life, refreshed rather than replaced when the timers can: hot
 * paths arm and disarm once per event, and a new timer each time is garbage and CPU.
 */
export function createAlarm(timers: Timers, ms: number, ring: () => void): Alarm {
  let handle: unknown
  let armed = false
  // A refreshed timer is left to run when disarmed; it then rings nothing.
  const fire = () => {
    if (!armed) return
    armed = false
    ring()
  }
  return {
    arm() {
      armed = true
      if (handle !== undefined && timers.refresh) return timers.refresh(handle)
      timers.clearTimeout(handle)
      handle = timers.setTimeout(fire, ms)
    },
    disarm() {
      armed = false
      if (timers.refresh) return
      timers.clearTimeout(handle)
      handle = undefined
    },
    dispose() {
      armed = false
      timers.clearTimeout(handle)
      handle = undefined
    },
  }
}
