import { Header } from '@sluice/protocol'
import type { ClientTimers } from './options.js'

/**
 * Fires `onStall` when `kick()` has not been called for the timeout of the latest `start()`.
 * Started before the request, so a server that never sends its headers counts as stalled too,
 * and again once the response announced its heartbeat interval.
 */
export class StallWatchdog {
  #timer: unknown
  /** When the timer was last armed: a kick in the same millisecond would not move it. */
  #armedAt: number | undefined
  /** Set by `start()`, which comes before any kick; a field, not a callback, for `kick()`. */
  #timeoutMs!: number
  readonly #timers: ClientTimers
  readonly #onStall: () => void

  constructor(timers: ClientTimers, onStall: () => void) {
    this.#timers = timers
    this.#onStall = onStall
  }

  /** Kicks it, with `timeoutMs` from now on (the response may have announced a new interval). */
  start(now: number, timeoutMs: number): void {
    this.#timeoutMs = timeoutMs
    this.#arm(now)
  }

  /** A byte arrived at `now`: the stall comes `timeoutMs` after the latest kick. */
  kick(now: number): void {
    // Small chunks come many per millisecond: re-arming for the same due time is wasted work.
    if (now !== this.#armedAt) this.#arm(now)
  }

  #arm(now: number): void {
    this.#armedAt = now
    this.stop()
    this.#timer = this.#timers.setTimeout(this.#onStall, this.#timeoutMs)
  }

  stop(): void {
    this.#timers.clearTimeout(this.#timer)
  }
}

/**
 * The heartbeat interval a response announces in `X-Heartbeat-Interval`, in milliseconds; a
 * value that is not a positive whole number is ignored, as a header a proxy mangled.
 */
export function announcedHeartbeatMs(response: Response): number | undefined {
  const value = response.headers.get(Header.heartbeatInterval)?.trim()
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const ms = Number(value)
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined
}
