import { systemTimers, type Timers } from '../timers.js'
import { StoreError } from './store-error.js'
import type {
  CreateResult,
  LogEntry,
  StreamRecord,
  StreamState,
  StreamStore,
} from './stream-store.js'

export interface MemoryStoreOptions {
  /**
   * How long a finished stream stays readable after its terminal event.
   * @defaultValue 600_000 (10 minutes)
   */
  retentionMs?: number
  timers?: Timers
}

interface Slot {
  record: StreamRecord
  /**
   * frames[i] is the frame of seq i + 1, so a cursor is an array index; the last is terminal
   * once `ended`. Frames alone, not entries: every frame of a live stream outlives several
   * young-generation collections, each of which copies what survives.
   */
  frames: string[]
  ended: boolean
  /** One waiter alone (the usual case) costs no set. */
  waiters: (() => void) | Set<() => void> | undefined
  expiry?: unknown
}

/**
 * The in-process stream log: the embedded default and the reference implementation. The server
 * appends with `appendNow` and live readers read with `readNow`: a subclass that overrides
 * `append` or `read` (to audit or inject faults) overrides those too.
 */
export class MemoryStreamStore implements StreamStore {
  readonly #slots = new Map<string, Slot>()
  readonly #byIdempotencyKey = new Map<string, string>()
  readonly #retentionMs: number
  readonly #timers: Timers

  constructor(options: MemoryStoreOptions = {}) {
    this.#retentionMs = options.retentionMs ?? 600_000
    this.#timers = options.timers ?? systemTimers
  }

  async create(record: StreamRecord): Promise<CreateResult> {
    const key = record.idempotency?.key
    const existingId = key === undefined ? undefined : this.#byIdempotencyKey.get(key)
    const existing = existingId === undefined ? undefined : this.#slots.get(existingId)
    if (existing) return { created: false, existing: existing.record }
    this.#slots.set(record.streamId, { record, frames: [], ended: false, waiters: undefined })
    if (key !== undefined) this.#byIdempotencyKey.set(key, record.streamId)
    return { created: true }
  }

  async findIdempotent(key: string): Promise<StreamRecord | undefined> {
    const streamId = this.#byIdempotencyKey.get(key)
    return streamId === undefined ? undefined : this.#slots.get(streamId)?.record
  }

  async get(streamId: string): Promise<StreamState | undefined> {
    const slot = this.#slots.get(streamId)
    if (!slot) return undefined
    return { record: slot.record, lastSeq: slot.frames.length, ended: slot.ended }
  }

  async append(streamId: string, entries: readonly LogEntry[]): Promise<void> {
    this.#append(streamId, entries)
  }

  appendNow(streamId: string, entries: readonly LogEntry[]): void {
    this.#append(streamId, entries)
  }

  #append(streamId: string, entries: readonly LogEntry[]): void {
    const slot = this.#slots.get(streamId)
    if (!slot) throw new StoreError('unknown-stream', `No stream ${streamId}`)
    // All checked before any is stored: an append that throws stored nothing.
    let { ended } = slot
    let expected = slot.frames.length + 1
    for (const entry of entries) {
      if (ended) throw new StoreError('stream-ended', `Stream ${streamId} already ended`)
      if (entry.seq !== expected) {
        throw new StoreError('out-of-order', `Expected seq ${expected}, got ${entry.seq}`)
      }
      expected++
      ended = entry.terminal
    }
    for (const entry of entries) slot.frames.push(entry.frame)
    slot.ended = ended
    if (ended) this.#scheduleExpiry(streamId, slot)
    this.#wake(slot)
  }

  async read(streamId: string, afterSeq: number, limit: number): Promise<LogEntry[]> {
    return this.#read(streamId, afterSeq, limit)
  }

  readNow(streamId: string, afterSeq: number, limit: number): LogEntry[] {
    return this.#read(streamId, afterSeq, limit)
  }

  #read(streamId: string, afterSeq: number, limit: number): LogEntry[] {
    const slot = this.#slots.get(streamId)
    if (!slot) return []
    const { frames, ended } = slot
    const end = Math.min(frames.length, afterSeq + limit)
    const entries: LogEntry[] = []
    for (let index = afterSeq; index < end; index++) {
      const seq = index + 1
      entries.push({
        seq,
        frame: frames[index] as string,
        terminal: ended && seq === frames.length,
      })
    }
    return entries
  }

  waitForAppend(streamId: string, afterSeq: number, wake: () => void): () => void {
    const slot = this.#slots.get(streamId)
    if (!slot || slot.frames.length > afterSeq) {
      wake()
      return () => {}
    }
    const { waiters } = slot
    if (waiters === undefined) slot.waiters = wake
    else if (typeof waiters === 'function') slot.waiters = new Set([waiters, wake])
    else waiters.add(wake)
    return () => {
      if (slot.waiters === wake) slot.waiters = undefined
      else if (typeof slot.waiters === 'object') slot.waiters.delete(wake)
    }
  }

  async close(): Promise<void> {
    for (const [streamId, slot] of this.#slots) this.#delete(streamId, slot)
  }

  #scheduleExpiry(streamId: string, slot: Slot): void {
    slot.expiry = this.#timers.setTimeout(() => this.#delete(streamId, slot), this.#retentionMs)
  }

  #delete(streamId: string, slot: Slot): void {
    if (slot.expiry !== undefined) this.#timers.clearTimeout(slot.expiry)
    this.#slots.delete(streamId)
    const key = slot.record.idempotency?.key
    if (key !== undefined) this.#byIdempotencyKey.delete(key)
    this.#wake(slot)
  }

  #wake(slot: Slot): void {
    const { waiters } = slot
    // Emptied first: a woken reader may wait again at once, for the next append.
    slot.waiters = undefined
    if (typeof waiters === 'function') wakeAlone(waiters)
    else if (waiters) for (const wake of waiters) wakeAlone(wake)
  }
}

/**
 * Runs on the writer's stack, after the entries are stored: a waiter that throws (a bug: the
 * server's readers catch their own failures and end their response) must neither make the
 * append look failed, which would give its seq out again and leave the stream without its end,
 * nor keep the other waiters asleep.
 */
function wakeAlone(wake: () => void): void {
  try {
    wake()
  } catch {}
}
