import type { Redis } from 'ioredis'

/**
 * Wakes waiting readers when a stream is appended to, on any instance. One subscriber
 * connection per instance, subscribed to a stream's channel while someone here waits on it: a
 * waiting HTTP reader costs a callback, never a blocking connection.
 */
export class AppendWatcher {
  readonly #subscriber: Redis
  readonly #waiters = new Map<string, Set<() => void>>()
  readonly #channelOf: (streamId: string) => string
  readonly #streamOf = new Map<string, string>()
  readonly #subscriptions = new Map<string, Promise<unknown>>()

  constructor(subscriber: Redis, channelOf: (streamId: string) => string) {
    this.#subscriber = subscriber
    this.#channelOf = channelOf
    subscriber.on('message', (channel: string) => {
      const streamId = this.#streamOf.get(channel)
      if (streamId !== undefined) this.#wake(streamId)
    })
    // Messages published while the connection was down are lost: every waiter re-reads.
    subscriber.on('ready', () => this.wakeAll())
  }

  /** Wakes every waiter (each one re-reads the log). */
  wakeAll(): void {
    for (const streamId of [...this.#waiters.keys()]) this.#wake(streamId)
  }

  /** Streams someone on this instance is waiting on. */
  get watched(): Iterable<string> {
    return this.#waiters.keys()
  }

  /**
   * Calls `wake` once: on the next append to the stream after subscribing, when `stillWaiting`
   * (asked once subscribed, so no append can fall between) says no, or if subscribing fails
   * (the caller's next read meets the same outage and reports it). The returned function stops
   * the wait; `wake` is not called after it. The shape of `StreamStore.waitForAppend`.
   */
  watch(streamId: string, wake: () => void, stillWaiting: () => Promise<boolean>): () => void {
    let waiting = true
    const stop = () => {
      if (!waiting) return
      waiting = false
      this.#remove(streamId, waiter)
    }
    const waiter = () => {
      if (!waiting) return
      stop()
      wake()
    }
    this.#add(streamId, waiter)
    this.#subscribe(streamId)
      .then(() => (waiting ? stillWaiting() : true))
      .then((still) => {
        if (!still) waiter()
      }, waiter)
    return stop
  }

  #add(streamId: string, waiter: () => void): void {
    const waiters = this.#waiters.get(streamId) ?? new Set()
    waiters.add(waiter)
    this.#waiters.set(streamId, waiters)
  }

  #remove(streamId: string, waiter: () => void): void {
    const waiters = this.#waiters.get(streamId)
    waiters?.delete(waiter)
    if (waiters?.size !== 0) return
    this.#waiters.delete(streamId)
    this.#subscriptions.delete(streamId)
    const channel = this.#channelOf(streamId)
    this.#streamOf.delete(channel)
    this.#subscriber.unsubscribe(channel).catch(() => {})
  }

  /** Shared by every waiter on the stream: each one waits until the subscription is active. */
  #subscribe(streamId: string): Promise<unknown> {
    const existing = this.#subscriptions.get(streamId)
    if (existing) return existing
    const channel = this.#channelOf(streamId)
    this.#streamOf.set(channel, streamId)
    const subscribing = this.#subscriber.subscribe(channel)
    subscribing.catch(() => this.#subscriptions.delete(streamId))
    this.#subscriptions.set(streamId, subscribing)
    return subscribing
  }

  #wake(streamId: string): void {
    for (const waiter of [...(this.#waiters.get(streamId) ?? [])]) waiter()
  }
}
