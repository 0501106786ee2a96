import type { Connectivity } from './connectivity.js'
import type { CursorStore } from './persistence/cursor-store.js'
import type { RetryPolicy } from './retry/decide-retry.js'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** Timer functions, injectable so tests control time. */
export interface ClientTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export type HeadersInput =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>)

export interface SluiceClientOptions {
  /** Base URL of the Sluice server, e.g. `https://api.example.com`. `''` means same origin. */
  baseUrl: string
  /**
   * Extra request headers, or a function evaluated before every request (so a refreshed auth
   * token is used on reconnects). @defaultValue none
   */
  headers?: HeadersInput
  /** @defaultValue `globalThis.fetch`, looked up at call time */
  fetch?: FetchLike
  /** @defaultValue the global `setTimeout` / `clearTimeout` */
  timers?: ClientTimers
  /** Uniform in [0, 1); drives backoff jitter. @defaultValue Math.random */
  random?: () => number
  /**
   * Milliseconds clock for metrics, throttling saves and the stall watchdog (which re-arms only
   * when it moves, so one injected in tests must advance with the timers). @defaultValue Date.now
   */
  now?: () => number
  /** @defaultValue {@link defaultRetryPolicy} */
  retry?: Partial<RetryPolicy>
  /**
   * The server's heartbeat interval in milliseconds, assumed until a response announces its own
   * in `X-Heartbeat-Interval`; from then on the announced one is used. Positive.
   * @defaultValue 15_000 (the reference server's default)
   */
  heartbeatMs?: number
  /**
   * A connection on which no byte (event or heartbeat) arrives for this many heartbeat intervals
   * is dead: it is dropped and the stream resumes from its cursor. At least 1; below 2, one late
   * heartbeat already counts as a stall. @defaultValue 3
   */
  stallMultiplier?: number
  /**
   * Where `start(…, { persistKey })` keeps a stream's state for `resumePersisted()`.
   * @defaultValue {@link sessionStorageCursorStore} where `sessionStorage` is usable (browsers),
   * otherwise a {@link memoryCursorStore} of this client
   */
  cursorStore?: CursorStore
  /**
   * Least time between two saves of a persisted stream. Text grows with every event, so saving
   * on each one would cost quadratic time; `stream-start`, abort and the page being hidden save at
   * once regardless. Zero or more. @defaultValue 250
   */
  persistIntervalMs?: number
  /**
   * Whether the device is online, and a wait for it to come back: while offline, reconnects wait
   * for it instead of spending retry attempts.
   * @defaultValue `navigator.onLine` and the global `online` event where they exist (browsers,
   * workers); elsewhere always online
   */
  connectivity?: Connectivity
}

export interface ResolvedClientOptions {
  baseUrl: string
  headers: HeadersInput | undefined
  fetch: FetchLike
  timers: ClientTimers
  random: () => number
  now: () => number
  retry: RetryPolicy
  heartbeatMs: number
  stallMultiplier: number
  /** Resolved on first use: probing `sessionStorage` is wasted on clients that never persist. */
  cursorStore: () => CursorStore
  persistIntervalMs: number
  connectivity: Connectivity
}
