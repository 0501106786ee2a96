export type * from './parts.js'
export type * from './provider.js'
export { ProviderError, type ProviderErrorCode } from './provider-error.js'
export { splitsSurrogatePair, utf8Length } from './utf8.js'
