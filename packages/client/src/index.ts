export type * from '@sluice/protocol'
export {
  createSluiceClient,
  type JsonResponseOptions,
  type ResumeOptions,
  type ResumePersistedOptions,
  type SluiceClient,
  type StartOptions,
} from './client.js'
export type { Connectivity } from './connectivity.js'
export { SluiceHttpError } from './errors/http-error.js'
export { SluiceError, type SluiceErrorCode } from './errors/sluice-error.js'
export { SluiceStreamError } from './errors/stream-error.js'
export {
  JsonParseError,
  type JsonPath,
  type JsonValue,
  type PartialJsonOptions,
  PartialJsonParser,
  parsePartialJson,
} from './json/index.js'
export { emptyMetrics, type StreamMetrics } from './metrics.js'
export type {
  ClientTimers,
  FetchLike,
  HeadersInput,
  SluiceClientOptions,
} from './options.js'
export type { CursorStore, PersistedStream } from './persistence/cursor-store.js'
export { memoryCursorStore } from './persistence/memory-cursor-store.js'
export { sessionStorageCursorStore } from './persistence/session-storage-cursor-store.js'
export type { StreamCallbacks, StreamCursor, StreamResult, ToolCall } from './result.js'
export {
  decideRetry,
  defaultRetryPolicy,
  type Failure,
  type RetryDecision,
  type RetryInput,
  type RetryPolicy,
} from './retry/decide-retry.js'
export { isNetworkError } from './retry/network-error.js'
export { SluiceStream } from './stream.js'
export type { JsonSnapshot, StreamSnapshot, StreamStatus } from './stream-snapshot.js'
export type { JsonView } from './structured/json-view.js'
export type { StandardSchemaV1 } from './structured/standard-schema.js'
export type { FinishedToolCall, PartialToolCall } from './structured/tool-calls.js'
