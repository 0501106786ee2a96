import { randomUUID } from 'node:crypto'
import { encodeEvent } from '@sluice/protocol'
import { Redis } from 'ioredis'
import { systemTimers, type Timers } from '../../timers.js'
import { STORE_ERROR_CODES, StoreError } from '../store-error.js'
import type {
  CreateResult,
  LogEntry,
  StreamRecord,
  StreamState,
  StreamStore,
} from '../stream-store.js'
import { AppendWatcher } from './append-watcher.js'
import { idempotencyKey, streamKeys } from './keys.js'
import { RedisCoordination } from './redis-coordination.js'
import { luaScript } from './run-script.js'
import { appendScript, createScript, lostScript } from './scripts.js'

const create = luaScript(createScript)
const append = luaScript(appendScript)
const lost = luaScript(lostScript)

export interface RedisStoreOptions {
  /** A `redis://` URL. */
  url: string
  /** Prefix of every key and channel. @defaultValue 'sluice:' */
  keyPrefix?: string
  /** How long a finished stream stays readable. @defaultValue 600_000 (10 minutes) */
  retentionMs?: number
  /**
   * How long a producer's lease lasts without renewal: how soon after its instance dies the
   * stream ends with `producer-lost`. @defaultValue 5_000
   */
  leaseMs?: number
  /** How long a stream that never ends is kept (its producer died unobserved). @defaultValue 86_400_000 */
  unfinishedTtlMs?: number
  /** Identifies this server instance. @defaultValue a random UUID */
  instanceId?: string
  timers?: Timers
  /** Receives failures of background work (lease renewal). @defaultValue console.error */
  onError?: (error: unknown) => void
}

/**
 * The stream log on Redis Streams, shared by many server instances: the log of a stream is a
 * Redis stream whose entry ids are the protocol seqs, appends are atomic Lua scripts fenced by
 * the producer's lease, and readers are woken through Pub/Sub on one connection per instance.
 */
export class RedisStreamStore implements StreamStore {
  readonly coordination: RedisCoordination
  readonly #redis: Redis
  readonly #subscriber: Redis
  readonly #watcher: AppendWatcher
  readonly #prefix: string
  readonly #instanceId: string
  readonly #retentionMs: number
  readonly #leaseMs: number
  readonly #unfinishedTtlMs: number
  readonly #timers: Timers
  readonly #onError: (error: unknown) => void
  #tickTimer: unknown
  #closed = false

  constructor(options: RedisStoreOptions) {
    this.#prefix = options.keyPrefix ?? 'sluice:'
    this.#instanceId = options.instanceId ?? randomUUID()
    this.#retentionMs = options.retentionMs ?? 600_000
    this.#leaseMs = options.leaseMs ?? 5_000
    this.#unfinishedTtlMs = options.unfinishedTtlMs ?? 86_400_000
    this.#timers = options.timers ?? systemTimers
    const onError = options.onError ?? console.error
    // Work cut short by close() is not a failure.
    this.#onError = (error) => {
      if (!this.#closed) onError(error)
    }
    this.#redis = new Redis(options.url, connectionOptions)
    this.#subscriber = this.#redis.duplicate()
    this.#redis.on('error', () => {}) // failures reach the callers of the commands
    this.#subscriber.on('error', () => {})
    this.#watcher = new AppendWatcher(this.#subscriber, (id) => this.#keys(id).appended)
    this.coordination = new RedisCoordination({
      redis: this.#redis,
      subscriber: this.#subscriber,
      prefix: this.#prefix,
      instanceId: this.#instanceId,
      leaseMs: this.#leaseMs,
      onError: this.#onError,
    })
    this.#scheduleTick()
  }

  async create(record: StreamRecord): Promise<CreateResult> {
    // A stop published before this instance listens would be lost: own nothing until it does.
    await this.coordination.listening
    const keys = this.#keys(record.streamId)
    const key = record.idempotency?.key
    const idem = key === undefined ? '' : idempotencyKey(this.#prefix, key)
    const existing = await create(
      this.#redis,
      [keys.meta, keys.log, keys.lease, idem],
      [JSON.stringify(record), this.#instanceId, this.#leaseMs, this.#unfinishedTtlMs],
    )
    if (typeof existing === 'string') return { created: false, existing: JSON.parse(existing) }
    this.coordination.own(record.streamId)
    return { created: true }
  }

  async findIdempotent(key: string): Promise<StreamRecord | undefined> {
    const record = await this.#redis.get(idempotencyKey(this.#prefix, key))
    return record === null ? undefined : JSON.parse(record)
  }

  async get(streamId: string): Promise<StreamState | undefined> {
    const [record, last, ended] = await this.#redis.hmget(
      this.#keys(streamId).meta,
      'record',
      'last',
      'ended',
    )
    if (record === null || record === undefined) return undefined
    return { record: JSON.parse(record), lastSeq: Number(last), ended: ended === '1' }
  }

  append(streamId: string, entries: readonly LogEntry[]): Promise<void> {
    return this.#append(streamId, entries, this.#instanceId)
  }

  async read(streamId: string, afterSeq: number, limit: number): Promise<LogEntry[]> {
    const raw = await this.#redis.xrange(
      this.#keys(streamId).log,
      `${afterSeq + 1}-0`,
      '+',
      'COUNT',
      limit,
    )
    return raw.map(([id, fields]) => ({
      seq: Number.parseInt(id, 10),
      frame: fields[1] as string,
      terminal: fields[3] === '1',
    }))
  }

  waitForAppend(streamId: string, afterSeq: number, wake: () => void): () => void {
    return this.#watcher.watch(streamId, wake, async () => {
      const last = await this.#redis.hget(this.#keys(streamId).meta, 'last')
      return last !== null && Number(last) <= afterSeq
    })
  }

  /** Resolves once Redis answers. */
  async ping(): Promise<void> {
    await this.#redis.ping()
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#timers.clearTimeout(this.#tickTimer)
    this.#watcher.wakeAll()
    this.#subscriber.disconnect()
    await this.#redis.quit().catch(() => this.#redis.disconnect())
  }

  async #append(streamId: string, entries: readonly LogEntry[], fence: string): Promise<void> {
    const keys = this.#keys(streamId)
    const args = entries.flatMap((e) => [e.seq, e.frame, e.terminal ? '1' : '0'])
    try {
      await append(
        this.#redis,
        [keys.meta, keys.log, keys.lease, keys.readers],
        [fence, this.#retentionMs, keys.appended, ...args],
      )
    } catch (error) {
      throw toStoreError(error)
    }
  }

  /**
   * Ends with `producer-lost` every stream that readers here wait on and whose producer's lease
   * has lapsed: its instance died, and nobody else would ever end it.
   */
  async #endLostStreams(): Promise<void> {
    await Promise.all(
      [...this.#watcher.watched].map(async (streamId) => {
        const keys = this.#keys(streamId)
        const last = Number(await lost(this.#redis, [keys.meta, keys.lease], []))
        if (last < 0) return
        const seq = last + 1
        const frame = encodeEvent({
          seq,
          type: 'error',
          data: {
            code: 'producer-lost',
            message: 'The server instance producing this stream stopped before it ended',
            retryable: true,
          },
        })
        // Another instance may end it first: then this append is refused, which is fine.
        await this.#append(streamId, [{ seq, frame, terminal: true }], '').catch(() => {})
      }),
    )
  }

  #scheduleTick(): void {
    this.#tickTimer = this.#timers.setTimeout(async () => {
      try {
        await Promise.all([this.coordination.tick(), this.#endLostStreams()])
      } catch (error) {
        this.#onError(error)
      }
      if (!this.#closed) this.#scheduleTick()
    }, this.#leaseMs / 3)
  }

  #keys(streamId: string) {
    return streamKeys(this.#prefix, streamId)
  }
}

/**
 * Commands fail fast while Redis is unreachable (after one reconnect attempt) or stalled (after
 * `commandTimeout`) rather than queue without bound: a caller gets a clear error, never a
 * silent wait. The connection itself keeps reconnecting.
 */
const connectionOptions = {
  maxRetriesPerRequest: 1,
  commandTimeout: 5_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000),
}

function toStoreError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : ''
  const code = STORE_ERROR_CODES.find((c) => message.startsWith(`${c} `))
  return code === undefined ? error : new StoreError(code, message.slice(code.length + 1))
}
