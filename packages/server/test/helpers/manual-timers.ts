import type { Timers } from '../../src/index.js'

interface Timer {
  at: number
  ms: number
  callback: () => void
}

/**
 * Server timers on a virtual clock that moves only when the test calls `advance`. (The richer
 * `FakeTimers` of @sluice/test-utils cannot be used here: test-utils depends on this package.)
 */
export function manualTimers() {
  const pending = new Set<Timer>()
  let now = 0
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const timer = { at: now + ms, ms, callback }
      pending.add(timer)
      return timer
    },
    clearTimeout: (timer) => {
      pending.delete(timer as Timer)
    },
    now: () => now,
  }
  /** Moves the clock by `ms`, firing due timers in time order. */
  const advance = (ms: number) => {
    now += ms
    for (const timer of [...pending].sort((a, b) => a.at - b.at)) {
      if (timer.at > now || !pending.has(timer)) continue
      pending.delete(timer)
      timer.callback()
    }
  }
  return { timers, advance, pending }
}
