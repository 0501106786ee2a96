import type { Clock } from './clock.js'

interface PendingTimer {
  readonly dueAt: number
  readonly fire: () => void
}

/**
 * Virtual time beyond which `runUntilIdle()` gives up: a generous bound that still stops a
 * self-rescheduling timer (a heartbeat) from looping forever.
 */
const DEFAULT_IDLE_LIMIT_MS = 24 * 60 * 60 * 1000

/** Lets promise chains and async generators woken by a timer run until they wait again. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * A clock whose time moves only when a test says so. Sleeps become pending timers that
 * `advance()` fires in due-time order (first come, first fired for equal times).
 */
export class ManualClock implements Clock {
  #now: number
  /** Sorted by due time; equal due times keep their insertion order. */
  readonly #timers: PendingTimer[] = []

  /**
   * @param startAt - The initial `now()`.
   * @defaultValue 0
   */
  constructor(startAt = 0) {
    this.#now = startAt
  }

  now(): number {
    return this.#now
  }

  /** How many sleeps are waiting for time to advance. */
  get pendingTimers(): number {
    return this.#timers.length
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const timer: PendingTimer = {
        dueAt: this.#now + Math.max(0, ms),
        fire: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        },
      }
      const onAbort = () => {
        this.#remove(timer)
        reject(signal?.reason)
      }
      this.#insert(timer)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (including timers
   * that woken code schedules meanwhile), each at its own due time.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance needs ms >= 0, got ${ms}`)
    const target = this.#now + ms
    await this.#fireTimersUntil(target)
    this.#now = target
  }

  /**
   * Fires timers until none is pending; time ends at the last one's due time.
   *
   * @param maxMs - How much virtual time may pass before it throws, because timers keep coming.
   * @defaultValue 24 hours
   */
  async runUntilIdle(maxMs = DEFAULT_IDLE_LIMIT_MS): Promise<void> {
    const deadline = this.#now + maxMs
    await this.#fireTimersUntil(deadline)
    if (this.#timers.length > 0) {
      throw new Error(`ManualClock.runUntilIdle: timers still pending after ${maxMs} ms`)
    }
  }

  async #fireTimersUntil(time: number): Promise<void> {
    // Code that started just before this call may not have scheduled its first sleep yet.
    await yieldToEventLoop()
    for (let timer = this.#timers[0]; timer && timer.dueAt <= time; timer = this.#timers[0]) {
      this.#timers.shift()
      this.#now = timer.dueAt
      timer.fire()
      await yieldToEventLoop()
    }
  }

  #insert(timer: PendingTimer): void {
    const later = this.#timers.findIndex((pending) => pending.dueAt > timer.dueAt)
    this.#timers.splice(later === -1 ? this.#timers.length : later, 0, timer)
  }

  #remove(timer: PendingTimer): void {
    const index = this.#timers.indexOf(timer)
    if (index !== -1) this.#timers.splice(index, 1)
  }
}
