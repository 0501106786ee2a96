import type { ClientTimers } from './options.js'

/**
 * Fires `onStall` when `kick()` has not been called for `timeoutMs`. Armed before the request,
 * so a server that never sends its headers counts as stalled too.
 */
export class StallWatchdog {
  #timer: unknown

  constructor(
    private readonly timers: ClientTimers,
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  kick(): void {
    this.timers.clearTimeout(this.#timer)
    this.#timer = this.timers.setTimeout(this.onStall, this.timeoutMs)
  }

  stop(): void {
    this.timers.clearTimeout(this.#timer)
  }
}
