import type { Redis } from 'ioredis'
import type { StreamCoordination } from '../coordination.js'
import { stopChannel, streamKeys } from './keys.js'
import { luaScript } from './run-script.js'
import { countReadersScript, presentScript, releaseScript, renewScript } from './scripts.js'

const renew = luaScript(renewScript)
const release = luaScript(releaseScript)
const present = luaScript(presentScript)
const countReaders = luaScript(countReadersScript)

export interface RedisCoordinationOptions {
  redis: Redis
  subscriber: Redis
  prefix: string
  instanceId: string
  leaseMs: number
  onError: (error: unknown) => void
}

/**
 * Producer leases, cross-instance stops and reader presence. Every `leaseMs / 3` this instance
 * renews the leases of the producers it runs and the presence of the readers it serves, so both
 * lapse within `leaseMs` of the instance dying.
 */
export class RedisCoordination implements StreamCoordination {
  readonly #options: RedisCoordinationOptions
  /** Streams whose producer runs here. */
  readonly #owned = new Set<string>()
  /** Readers attached here, by stream. */
  readonly #readers = new Map<string, number>()
  #onStop: (streamId: string) => void = () => {}
  /** Settles once stop requests reach this instance (or subscribing failed, reported). */
  readonly listening: Promise<void>

  constructor(options: RedisCoordinationOptions) {
    this.#options = options
    const channel = stopChannel(options.prefix)
    options.subscriber.on('message', (from: string, streamId: string) => {
      if (from === channel && this.#owned.has(streamId)) this.#onStop(streamId)
    })
    this.listening = options.subscriber.subscribe(channel).then(
      () => {},
      (error: unknown) => options.onError(error),
    )
  }

  /** The stream's producer runs here from now on (its lease was taken with the stream). */
  own(streamId: string): void {
    this.#owned.add(streamId)
  }

  /** Renews leases and presence once; a lost lease stops its producer. */
  async tick(): Promise<void> {
    const { redis, prefix, instanceId, leaseMs } = this.#options
    await Promise.all([
      ...[...this.#owned].map(async (streamId) => {
        const renewed = await renew(
          redis,
          [streamKeys(prefix, streamId).lease],
          [instanceId, leaseMs],
        )
        if (renewed === 1 || !this.#owned.delete(streamId)) return
        this.#onStop(streamId)
      }),
      ...[...this.#readers.keys()].map((streamId) => this.#markPresent(streamId)),
    ])
  }

  async requestStop(streamId: string): Promise<void> {
    await this.listening
    if (this.#owned.has(streamId)) this.#onStop(streamId)
    else await this.#options.redis.publish(stopChannel(this.#options.prefix), streamId)
  }

  onStopRequested(handler: (streamId: string) => void): void {
    this.#onStop = handler
  }

  attachReader(streamId: string): () => void {
    const count = this.#readers.get(streamId) ?? 0
    this.#readers.set(streamId, count + 1)
    if (count === 0) this.#markPresent(streamId).catch(this.#options.onError)
    let attached = true
    return () => {
      if (!attached) return
      attached = false
      const left = (this.#readers.get(streamId) ?? 1) - 1
      if (left > 0) {
        this.#readers.set(streamId, left)
        return
      }
      this.#readers.delete(streamId)
      const { redis, prefix, instanceId } = this.#options
      redis.zrem(streamKeys(prefix, streamId).readers, instanceId).catch(this.#options.onError)
    }
  }

  async hasReaders(streamId: string): Promise<boolean> {
    const { redis, prefix } = this.#options
    return Number(await countReaders(redis, [streamKeys(prefix, streamId).readers], [])) > 0
  }

  async releaseProducer(streamId: string): Promise<void> {
    this.#owned.delete(streamId)
    const { redis, prefix, instanceId } = this.#options
    await release(redis, [streamKeys(prefix, streamId).lease], [instanceId])
  }

  async #markPresent(streamId: string): Promise<void> {
    const { redis, prefix, instanceId, leaseMs } = this.#options
    await present(redis, [streamKeys(prefix, streamId).readers], [instanceId, leaseMs])
  }
}
