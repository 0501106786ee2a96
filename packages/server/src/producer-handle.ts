import type { ServerObserver } from './observer.js'
import { ProducerStop, type TerminalData } from './producer.js'
import { safeCall } from './safe-call.js'
import { type Alarm, type AlarmOwner, createAlarm, type Timers } from './timers.js'

export interface ProducerPolicy {
  /** How long a generation may run with no reader attached before it is cancelled. */
  zombieGraceMs: number
  /** How long a generation may run at all. */
  maxDurationMs: number
  timers: Timers
  observer: ServerObserver
  /**
   * Whether readers elsewhere (other server instances) are attached, asked before reaping.
   * @defaultValue none: only this process's readers count
   */
  readersElsewhere?: (streamId: string) => Promise<boolean>
}

/**
 * A running generation and the policies that stop it: nobody listening for `zombieGraceMs`
 * (a disconnect alone never cancels; a reader coming back in time keeps it alive), or running
 * past `maxDurationMs`.
 */
export class ProducerHandle implements AlarmOwner {
  readonly stop = new AbortController()
  /** Resolves with the terminal event once the generation has ended. Never rejects. */
  readonly done: Promise<TerminalData>
  #readers = 0
  #finished = false
  // Alarms, not timers of their own: all generations' limits of one length share one timer.
  readonly #duration: Alarm
  /** Armed while nobody is listening. */
  readonly #grace: Alarm

  constructor(
    readonly streamId: string,
    private readonly policy: ProducerPolicy,
    /** Runs the generation, telling `handle.ended` of its end before it resolves. */
    run: (handle: ProducerHandle) => Promise<TerminalData>,
    /** Told of the end before `done` resolves. */
    private readonly onEnd: (terminal: TerminalData) => void,
  ) {
    this.#duration = createAlarm(policy.timers, policy.maxDurationMs, this)
    this.#duration.arm()
    // The POST's own reader attaches right after launch; until then nobody is listening.
    this.#grace = createAlarm(policy.timers, policy.zombieGraceMs, this)
    this.#grace.arm()
    // The end is told by `run` itself: no `then` on its promise (a promise, its reaction and a
    // closure per stream).
    this.done = run(this)
  }

  /** The generation's end, from `run`, before its promise resolves. */
  ended(terminal: TerminalData): void {
    this.#release()
    this.onEnd(terminal)
  }

  /** The maximum duration is up, or the grace period with nobody listening. */
  ring(alarm: Alarm): void {
    if (alarm === this.#grace) {
      this.#graceUp()
      return
    }
    safeCall(this.policy.observer.streamTimedOut, { streamId: this.streamId })
    this.stop.abort(new ProducerStop('timeout'))
  }

  /** Counts a reader in; the returned function counts it out (once). */
  attach(): () => void {
    this.#readers++
    this.#grace.disarm()
    let attached = true
    return () => {
      if (!attached) return
      attached = false
      // Readers that finish reading after the end must not start a grace period.
      if (--this.#readers === 0 && !this.#finished) this.#grace.arm()
    }
  }

  #release(): void {
    this.#finished = true
    this.#grace.dispose()
    this.#duration.dispose()
  }

  #graceUp(): void {
    const ask = this.policy.readersElsewhere
    if (!ask) {
      this.#reap()
      return
    }
    // A store that cannot answer counts as a reader: reaping is never worth a wrong guess.
    ask(this.streamId)
      .catch(() => true)
      .then((elsewhere) => {
        if (this.#readers > 0 || this.#finished) return
        if (elsewhere) this.#grace.arm()
        else this.#reap()
      })
  }

  #reap(): void {
    safeCall(this.policy.observer.streamReaped, { streamId: this.streamId })
    this.stop.abort(new ProducerStop('cancelled'))
  }
}
