import type { LanguageModelProvider } from '@sluice/provider'
import type { RequestLimits } from './http/request-schema.js'
import type { StreamStore } from './store/stream-store.js'
import type { Timers } from './timers.js'

export type CorsOrigin = string | string[] | ((origin: string) => string | undefined | null)

export interface SluiceServerOptions {
  /** Providers by id. @defaultValue a mock provider under `mock` */
  providers?: LanguageModelProvider[]
  /** Provider used when a request names none. @defaultValue the first of `providers` */
  defaultProvider?: string
  /** The stream log. @defaultValue a `MemoryStreamStore` with 10 minutes of retention */
  store?: StreamStore
  /** Silence after which a reader gets a `: ping` comment. @defaultValue 15_000 */
  heartbeatMs?: number
  /** The `retry:` hint that opens every response. @defaultValue 1_000 */
  retryHintMs?: number
  /** Most log entries written to a socket at once. @defaultValue 256 */
  readBatchSize?: number
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
