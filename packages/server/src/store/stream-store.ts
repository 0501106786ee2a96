import type { StreamCoordination } from './coordination.js'

/** One encoded event of a stream's log. Frames are encoded once and sent to every reader as is. */
export interface LogEntry {
  seq: number
  /** The SSE frame, `id: …\nevent: …\ndata: …\n\n`. */
  frame: string
  /** Whether this is the stream's terminal event (`stream-end` or `error`). */
  terminal: boolean
}

export interface StreamRecord {
  streamId: string
  resumeToken: string
  provider: string
  model: string
  createdAt: string
  /** The user who started the stream, when the host names users (`authorize`). */
  principal?: string
  /** Present when the stream was created with an `Idempotency-Key`. */
  idempotency?: { key: string; fingerprint: string }
}

export interface StreamState {
  record: StreamRecord
  /** Seq of the newest entry, 0 for none. */
  lastSeq: number
  ended: boolean
}

export type CreateResult =
  | { created: true }
  /** The idempotency key is taken: the stream it belongs to. */
  | { created: false; existing: StreamRecord }

/**
 * The append-only stream log: the source of truth that every reader replays from. One writer
 * (the stream's producer) appends; any number of readers read by cursor. Async, so that a
 * networked implementation (Redis) fits behind the same interface; a store in the server's own
 * memory may also offer `appendNow` and `readNow`, which the server then uses instead.
 */
export interface StreamStore {
  /** Registers a stream; atomic with respect to `record.idempotency.key`. */
  create(record: StreamRecord): Promise<CreateResult>
  get(streamId: string): Promise<StreamState | undefined>
  /** The stream that holds `key`, if any: a repeated request replays it without new work. */
  findIdempotent(key: string): Promise<StreamRecord | undefined>
  /**
   * Appends entries whose seqs continue the log without a gap. Throws `StoreError` for a gap,
   * a duplicate, an append after the terminal entry, or an unknown stream; then none of the
   * entries is stored.
   */
  append(streamId: string, entries: readonly LogEntry[]): Promise<void>
  /**
   * `append`, done at once (throwing what `append` rejects with): for a store in the server's
   * own memory. With `readNow`, an event goes from the producer to its readers' sockets in one
   * turn, with no promise per event. The entries are readable by `readNow` before any waiter is
   * woken; waiters are woken synchronously, after being removed (a woken reader reads, writes
   * to its socket and waits again from inside this call); a throw means nothing was stored.
   */
  appendNow?(streamId: string, entries: readonly LogEntry[]): void
  /** Up to `limit` entries with seq > `afterSeq`, in order. */
  read(streamId: string, afterSeq: number, limit: number): Promise<LogEntry[]>
  /** `read`, answered at once: for a store in the server's own memory (see `appendNow`). */
  readNow?(streamId: string, afterSeq: number, limit: number): LogEntry[]
  /**
   * Calls `wake` once the log has an entry with seq > `afterSeq`, the stream is gone, or the
   * store closes: at once (maybe synchronously) if that is already so. Returns a function that
   * stops the wait; `wake` is not called after it. A callback, not a promise with a signal:
   * every live reader waits once per event.
   */
  waitForAppend(streamId: string, afterSeq: number, wake: () => void): () => void
  /** Releases timers and waiters. */
  close(): Promise<void>
  /** Present when several server instances share this store. */
  readonly coordination?: StreamCoordination
}
