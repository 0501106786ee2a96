export { createSluiceServer, type SluiceServer } from './app.js'
export type { CorsOrigin, SluiceServerOptions } from './config.js'
export { ApiError } from './http/api-error.js'
export { defaultRequestLimits, type RequestLimits } from './http/request-schema.js'
export {
  type ConcurrencyLimits,
  defaultConcurrencyLimits,
} from './http/stream-slots.js'
export {
  combineObservers,
  type RefusalInfo,
  type ServerObserver,
  type StreamEndInfo,
  type StreamInfo,
} from './observer.js'
export { type MemoryStoreOptions, MemoryStreamStore } from './store/memory-store.js'
export { StoreError, type StoreErrorCode } from './store/store-error.js'
export type * from './store/stream-store.js'
export { defaultStreamLengthLimits, type StreamLengthLimits } from './stream-length.js'
export type { StreamService } from './stream-service.js'
export { createLogger } from './telemetry/logging.js'
export { systemTimers, type Timers } from './timers.js'
