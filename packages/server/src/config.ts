import type { LanguageModelProvider } from '@sluice/provider'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { RequestLimits } from './http/request-schema.js'
import type { ConcurrencyLimits } from './http/stream-slots.js'
import type { ServerObserver } from './observer.js'
import type { StreamStore } from './store/stream-store.js'
import type { StreamLengthLimits } from './stream-length.js'
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
  /** More hooks for logs and metrics, beside the server's own. @defaultValue none */
  observer?: ServerObserver
  /**
   * JSON logs (see `createLogger`): a line per stream start and end, every error and refusal;
   * never a line per token, a resume token or prompt text. @defaultValue no logs
   */
  logger?: Logger
  /** Where `GET /metrics` metrics live; `false` turns the route off. @defaultValue a new Registry */
  metrics?: Registry | false
  /** Largest accepted request body in bytes. @defaultValue 1_048_576 */
  maxBodyBytes?: number
  /** @defaultValue {@link defaultRequestLimits} */
  limits?: Partial<RequestLimits>
  /** @defaultValue {@link defaultConcurrencyLimits} */
  concurrency?: Partial<ConcurrencyLimits>
  /** @defaultValue {@link defaultStreamLengthLimits} */
  streamLength?: Partial<StreamLengthLimits>
  /**
   * The host's own user check, run on every `/v1/streams` request: the caller's principal (a
   * user id), or `null` to refuse with `401 unauthorized`. A stream is bound to the principal
   * that started it: nobody else may resume or cancel it, idempotency keys are per principal, and
   * `concurrency.maxStreamsPerPrincipal` counts per principal. @defaultValue none (anonymous)
   */
  authorize?: (request: Request) => string | null | Promise<string | null>
  /**
   * Whether resume and cancel also need the stream's resume token. `false` lets the principal
   * check stand alone, for streams that have an owner. @defaultValue true
   */
  requireResumeToken?: boolean
  /**
   * How long `drain()` lets running generations finish before it cancels them and closes the
   * readers. @defaultValue 25_000
   */
  drainDeadlineMs?: number
  /**
   * Origins allowed to call the API from a browser, as Hono's `cors()` takes them (`'*'` for
   * any). Same-origin requests need no entry. @defaultValue none
   */
  corsOrigin?: CorsOrigin
  timers?: Timers
  /** Receives unexpected errors (bugs, store failures). @defaultValue the logger, else console.error */
  onInternalError?: (error: unknown) => void
}
