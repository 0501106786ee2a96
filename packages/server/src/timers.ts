/** The timer functions and clock the server uses, injectable so tests can control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** Milliseconds on a clock that never goes back, the one `setTimeout`'s delays run on. */
  now(): number
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
  now: () => performance.now(),
}

/** A deadline that is armed and disarmed over and over, such as a heartbeat or an idle limit. */
export interface Alarm {
  /** Rings `ms` from now, unless disarmed or armed again first. */
  arm(): void
  disarm(): void
  /** Disarms it for good; the queue's timer goes with the last alarm. */
  dispose(): void
}

/**
 * What an alarm rings: a method of the object that owns the alarm rather than a callback, which
 * would be one more closure (and often a scope) per alarm and stream.
 */
export interface AlarmOwner {
  /** `alarm` is the owner's alarm that rang, for an owner of several. */
  ring(alarm: Alarm): void
}

/**
 * An alarm in the queue that every alarm of the same timers and duration shares: one timer for
 * all the heartbeats of a server, one for all its send timeouts..., not one per stream (a Node
 * `Timeout` with its callback is about 0.3 KB, and every open stream holds several alarms).
 */
export function createAlarm(timers: Timers, ms: number, owner: AlarmOwner): Alarm {
  return new QueuedAlarm(alarmQueue(timers, ms), owner)
}

/** The longest delay Node's `setTimeout` takes (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2_147_483_647

const queues = new WeakMap<Timers, Map<number, AlarmQueue>>()

function alarmQueue(timers: Timers, ms: number): AlarmQueue {
  let byDuration = queues.get(timers)
  if (!byDuration) {
    byDuration = new Map()
    queues.set(timers, byDuration)
  }
  let queue = byDuration.get(ms)
  if (!queue) {
    queue = new AlarmQueue(timers, ms)
    byDuration.set(ms, queue)
  }
  return queue
}

/** A class rather than closures over one scope: every open stream holds several of these. */
class QueuedAlarm implements Alarm {
  /** When it rings, on the timers' clock; meaningful while queued. */
  due = 0
  previous: QueuedAlarm | undefined
  next: QueuedAlarm | undefined
  queued = false

  constructor(
    private readonly queue: AlarmQueue,
    readonly owner: AlarmOwner,
  ) {}

  arm(): void {
    this.queue.push(this)
  }

  disarm(): void {
    this.queue.remove(this)
  }

  dispose(): void {
    this.queue.remove(this)
    this.queue.releaseTimerIfEmpty()
  }
}

/**
 * Alarms of one duration, in a list ordered by due time: with the same duration for all, arming
 * order is due order, so arming appends to the tail (after unlinking) and one timer, set for the
 * head, serves them all. The timer is not moved when the head is disarmed: it fires early, finds
 * nothing due and is set for the new head.
 */
class AlarmQueue {
  #head: QueuedAlarm | undefined
  #tail: QueuedAlarm | undefined
  #timer: unknown
  #timerSet = false
  readonly #onTimer = () => this.#ringDue()

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
  ) {}

  push(alarm: QueuedAlarm): void {
    this.remove(alarm)
    // A whole number stays a small integer in the object, where a fraction is a heap number.
    // Rounded down: a timer set for `ms` now then finds the alarm due when it fires (rounded
    // up, it came a fraction early, found nothing, and was set again for 1 ms).
    alarm.due = Math.floor(this.timers.now()) + this.ms
    alarm.queued = true
    alarm.previous = this.#tail
    if (this.#tail) this.#tail.next = alarm
    else this.#head = alarm
    this.#tail = alarm
    // A set timer is due no later than the head, so no later than this alarm.
    if (!this.#timerSet) this.#setTimer(this.ms)
  }

  remove(alarm: QueuedAlarm): void {
    if (!alarm.queued) return
    alarm.queued = false
    const { previous, next } = alarm
    if (previous) previous.next = next
    else this.#head = next
    if (next) next.previous = previous
    else this.#tail = previous
    alarm.previous = alarm.next = undefined
  }

  /** On disposal only: alarms disarm once per event, and a timer cleared each time is CPU. */
  releaseTimerIfEmpty(): void {
    if (this.#head || !this.#timerSet) return
    this.timers.clearTimeout(this.#timer)
    this.#timerSet = false
  }

  #setTimer(ms: number): void {
    this.#timerSet = true
    // Node fires a longer delay after 1 ms; a far alarm takes several timers instead.
    this.#timer = this.timers.setTimeout(this.#onTimer, Math.min(ms, LONGEST_TIMER_MS))
  }

  #ringDue(): void {
    // The fired timer counts as set while alarms ring: one armed by a ring must not set a timer
    // a whole duration ahead of those already waiting (the timer is set for the head below).
    const fired = this.#timer
    const now = this.timers.now()
    // Alarms armed again while ringing go behind `last` and wait for their own time.
    const last = this.#tail
    for (let alarm = this.#head; alarm && alarm.due <= now; alarm = this.#head) {
      this.remove(alarm)
      alarm.owner.ring(alarm)
      if (alarm === last) break
    }
    // A ring that emptied the queue (its timer released) and armed an alarm set a timer for it.
    if (this.#timerSet && this.#timer !== fired) return
    this.#timerSet = false
    const head = this.#head
    if (head) this.#setTimer(Math.max(1, Math.ceil(head.due - now)))
  }
}
