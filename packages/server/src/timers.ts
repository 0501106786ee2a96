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
  return new RefreshedAlarm(timers, ms, ring)
}

/** A class rather than closures over one scope: every open stream holds several of these. */
class RefreshedAlarm implements Alarm {
  #handle: unknown
  #armed = false
  // A refreshed timer is left to run when disarmed; it then rings nothing.
  readonly #fire = () => {
    if (!this.#armed) return
    this.#armed = false
    this.ring()
  }

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
    private readonly ring: () => void,
  ) {}

  arm(): void {
    this.#armed = true
    const { timers } = this
    if (this.#handle !== undefined && timers.refresh) {
      timers.refresh(this.#handle)
      return
    }
    timers.clearTimeout(this.#handle)
    this.#handle = timers.setTimeout(this.#fire, this.ms)
  }

  disarm(): void {
    this.#armed = false
    if (this.timers.refresh) return
    this.timers.clearTimeout(this.#handle)
    this.#handle = undefined
  }

  dispose(): void {
    this.#armed = false
    this.timers.clearTimeout(this.#handle)
    this.#handle = undefined
  }
}
