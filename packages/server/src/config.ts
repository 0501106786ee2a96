import type { LanguageModelProvider } from '@sluice/provider'
import type { RequestLimits } from './http/request-schema.js'
import type { ServerObserver } from './observer.js'
import type { StreamStore } from './store/stream-store.js'
import type { Timers } from './timers.js'

export type CorsOrigin = string | string[] | ((origin: string) => string | undefined | null)

export interface SluiceServerOptions {
  /** Providers by id. @defaultValue a mock provider under `mock` */
  providers?: LanguageModelProvider[]
  /** Provider used when a request names none. @defaultValue the first of `providers` */
  defaultProvider?: string
  /**
   * Providers the server knows but cannot use, each with the message that says how to enable it
   * (answered with a 422 `provider-unavailable`). @defaultValue none
   */
  unavailableProviders?: Record<string, string>
  /** The stream log. @defaultValue a `MemoryStreamStore` with 10 minutes of retention */
  store?: StreamStore
  /** Silence after which a reader gets a `: ping` comment. @defaultValue 15_000 */
  heartbeatMs?: number
  /** The `retry:` hint that opens every response. @defaultValue 1_000 */
  retryHintMs?: number
  /** Most log entries read from the store at once for one reader. @defaultValue 256 */
  readBatchSize?: number
  /**
   * Most bytes one reader hands to its socket at once; with the socket's own buffers, the bound
   * on what a reader costs however slow it is. @defaultValue 65_536
   */
  sendWindowBytes?: number
  /**
   * A reader whose socket takes nothing for this long is cut off (its client resumes from the
   * log). @defaultValue 30_000
   */
  sendTimeoutMs?: number
  /**
   * A generation with no reader attached for this long is cancelled: nobody is listening.
   * @defaultValue 30_000
   */
  zombieGraceMs?: number
  /** A generation running longer is stopped and ends `timeout`. @defaultValue 600_000 */
  maxDurationMs?: number
  /**
   * An upstream that sends nothing for this long before its first part fails the stream with an
   * `upstream-timeout` error and is aborted. @defaultValue 60_000
   */
  firstTokenTimeoutMs?: number
  /** Likewise between two parts. @defaultValue 30_000 */
  idleTimeoutMs?: number
  /**
   * Likewise for the whole upstream call (the generation's own limit, which ends the stream
   * `timeout` rather than with an error, is `maxDurationMs`). @defaultValue 600_000
   */
  upstreamTimeoutMs?: number
  /** Hooks for logs and metrics. @defaultValue none */
  observer?: ServerObserver
  /** Largest accepted request body in bytes. @defaultValue 1_048_576 */
  maxBodyBytes?: number
  /** @defaultValue {@link defaultRequestLimits} */
  limits?: Partial<RequestLimits>
  /** Allowed CORS origins, as Hono's `cors()` takes them. @defaultValue '*' */
  corsOrigin?: CorsOrigin
  timers?: Timers
  /** Receives unexpected errors (bugs, store failures). @defaultValue console.error */
  onInternalError?: (error: unknown) => void
}
