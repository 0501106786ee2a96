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
  /** Milliseconds clock for metrics. @defaultValue Date.now */
  now?: () => number
  /** @defaultValue {@link defaultRetryPolicy} */
  retry?: Partial<RetryPolicy>
  /**
   * Reconnect when no byte (not even a heartbeat) arrives for this long. The server sends a
   * heartbeat every 15 s by default. @defaultValue 45_000
   */
  stallTimeoutMs?: number
}

export interface ResolvedClientOptions {
  baseUrl: string
  headers: HeadersInput | undefined
  fetch: FetchLike
  timers: ClientTimers
  random: () => number
  now: () => number
  retry: RetryPolicy
  stallTimeoutMs: number
}
