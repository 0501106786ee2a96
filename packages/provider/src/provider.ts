import type { ProviderPart } from './parts.js'

export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

export interface ProviderRequest {
  model: string
  messages: readonly ProviderMessage[]
  maxTokens?: number
  temperature?: number
  responseFormat?: { type: 'text' | 'json' }
  /** Options only one provider understands, keyed by provider id (e.g. `{mock: {...}}`). */
  providerOptions?: Readonly<Record<string, unknown>>
}

export interface ProviderCallOptions {
  /** Aborting it must abort the upstream call (the vendor's HTTP request). */
  signal: AbortSignal
}

/**
 * A language model behind one streaming method. Version `v1` of this interface; a breaking
 * change gets a new `specificationVersion`.
 *
 * `stream()` yields parts and ends after a `finish` part. It throws a `ProviderError` for an
 * upstream failure, before or during the stream, and rejects with the signal's reason once the
 * signal is aborted.
 */
export interface LanguageModelProvider {
  readonly specificationVersion: 'v1'
  /** Stable id used in requests and events: `mock`, `openai`, `anthropic`. */
  readonly id: string
  readonly defaultModel: string
  stream(request: ProviderRequest, options: ProviderCallOptions): AsyncIterable<ProviderPart>
}
