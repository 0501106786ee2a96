import { Header } from '@sluice/protocol'
import type { ClientTimers } from './options.js'

/**
 * Fires `onStall` when `kick()` has not been called for `timeoutMs()`, read at every kick so that
 * a heartbeat interval announced by the response applies from then on. Armed before the request,
 * so a server that never sends its headers counts as stalled too.
 */
export class StallWatchdog {
  #timer: unknown
  /** When the timer was last armed, and for how long: a kick that would not move it is skipped. */
  #armedAt = Number.NaN
  #armedFor = Number.NaN
  readonly #timers: ClientTimers
  readonly #now: () => number
  readonly #timeoutMs: () => number
  readonly #onStall: () => void

  constructor(
    timers: ClientTimers,
    now: () => number,
    timeoutMs: () => number,
    onStall: () => void,
  ) {
    this.#timers = timers
    this.#now = now
    this.#timeoutMs = timeoutMs
    this.#onStall = onStall
  }

  /** `now`: the time already read by the caller, if it has. */
  kick(now = this.#now()): void {
    const timeoutMs = this.#timeoutMs()
    // Small chunks come many per millisecond: re-arming for the same due time is wasted work.
    if (now === this.#armedAt && timeoutMs === this.#armedFor) return
    this.#armedAt = now
    this.#armedFor = timeoutMs
    this.#timers.clearTimeout(this.#timer)
    this.#timer = this.#timers.setTimeout(this.#onStall, timeoutMs)
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
