/** The timer functions Sluice's client and server take (both have this shape). */
export interface TimerFunctions {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface FakeTimer {
  readonly id: number
  readonly ms: number
  /** Virtual time at which it is due. */
  readonly due: number
  readonly callback: () => void
}

export interface FakeTimersOptions {
  /** Virtual time to start at. @defaultValue 0 */
  startAt?: number
  /**
   * Timers whose delay matches fire by themselves, on a microtask, moving the virtual clock to
   * their due time: backoff waits then take no real time and need no test code.
   * @defaultValue none fire by themselves
   */
  autoFire?: (ms: number) => boolean
}

/**
 * Timers on a virtual clock that only moves when a timer fires or the test calls `advance()`.
 * Every requested delay is recorded, so tests can assert backoff delays exactly.
 */
export class FakeTimers implements TimerFunctions {
  /** Every delay passed to `setTimeout`, in order. */
  readonly requested: number[] = []
  #now: number
  #nextId = 1
  readonly #pending = new Map<number, FakeTimer>()
  readonly #waiters = new Set<{
    predicate: (timer: FakeTimer) => boolean
    resolve: (timer: FakeTimer) => void
  }>()
  readonly #autoFire: (ms: number) => boolean

  constructor({ startAt = 0, autoFire = () => false }: FakeTimersOptions = {}) {
    this.#now = startAt
    this.#autoFire = autoFire
  }

  /** The virtual clock, for the client's `now` option. */
  readonly now = (): number => this.#now

  readonly setTimeout = (callback: () => void, ms: number): unknown => {
    const timer: FakeTimer = { id: this.#nextId++, ms, due: this.#now + ms, callback }
    this.#pending.set(timer.id, timer)
    this.requested.push(ms)
    if (this.#autoFire(ms)) {
      // Not synchronously: the caller has not even received the handle yet.
      queueMicrotask(() => {
        if (this.#pending.has(timer.id)) this.fire(timer)
      })
    }
    for (const waiter of this.#waiters) {
      if (!waiter.predicate(timer)) continue
      this.#waiters.delete(waiter)
      waiter.resolve(timer)
    }
    return timer.id
  }

  readonly clearTimeout = (handle: unknown): void => {
    if (typeof handle === 'number') this.#pending.delete(handle)
  }

  /** Timers set and neither fired nor cleared. */
  get pending(): FakeTimer[] {
    return [...this.#pending.values()]
  }

  /** Resolves with the first pending timer that matches, now or once it is set. */
  waitFor(predicate: (timer: FakeTimer) => boolean = () => true): Promise<FakeTimer> {
    const existing = this.pending.find(predicate)
    if (existing) return Promise.resolve(existing)
    return new Promise((resolve) => this.#waiters.add({ predicate, resolve }))
  }

  /** Fires a pending timer now, moving the clock to its due time if that is later. */
  fire(timer: FakeTimer): void {
    if (!this.#pending.delete(timer.id)) {
      throw new Error(`Timer ${timer.id} (${timer.ms} ms) was already fired or cleared`)
    }
    this.#now = Math.max(this.#now, timer.due)
    timer.callback()
  }

  /**
   * Lets the client catch up, then moves the clock by `ms`, firing due timers in order and
   * letting the client react to each.
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms
    await settle()
    for (;;) {
      const next = this.pending
        .filter((timer) => timer.due <= target)
        .sort((a, b) => a.due - b.due || a.id - b.id)[0]
      if (!next) break
      this.fire(next)
      await settle()
    }
    // A timer that fired by itself may have moved the clock past the target already.
    this.#now = Math.max(this.#now, target)
  }
}

/**
 * Lets every pending promise chain run: a few macrotask turns, each of which drains the
 * microtask queue. Takes no wall-clock time and does not depend on it.
 */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}
