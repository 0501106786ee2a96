import Anthropic from '@anthropic-ai/sdk'
import type { LanguageModelProvider, ProviderPart, ProviderRequest } from '@sluice/provider'
import { toProviderError } from './errors.js'
import { type RequestDefaults, toMessagesParams } from './request.js'
import { toProviderParts } from './stream-parts.js'

export interface AnthropicProviderOptions {
  /** Sent as `x-api-key`; never appears in an error this provider throws. */
  apiKey: string
  /**
   * The API's origin, for gateways and local upstreams.
   * @defaultValue the SDK's: `ANTHROPIC_BASE_URL` if set, else `https://api.anthropic.com`
   */
  baseURL?: string
  /** The model used when a request names none, any model id the upstream knows. */
  defaultModel: string
  /**
   * The `fetch` the SDK sends with, e.g. a chaos wrapper in tests.
   * @defaultValue the SDK's (the global `fetch`)
   */
  fetch?: typeof globalThis.fetch
  /**
   * `max_tokens` when a request gives no `maxTokens`; Anthropic requires one.
   * @defaultValue 4096
   */
  maxTokensDefault?: number
}

export interface AnthropicProvider extends LanguageModelProvider {
  readonly id: 'anthropic'
}

/** Enough for a long answer, and accepted by every current Claude model. */
export const DEFAULT_MAX_TOKENS = 4096

async function* streamParts(
  client: Anthropic,
  apiKey: string,
  defaults: RequestDefaults,
  request: ProviderRequest,
  signal: AbortSignal,
): AsyncGenerator<ProviderPart, void, undefined> {
  signal.throwIfAborted()
  // Inside the generator, so that a bad request rejects the iteration like any other error.
  const params = toMessagesParams(request, defaults)
  try {
    // The signal reaches the SDK's fetch, so aborting closes the upstream connection. Leaving
    // the loop early (a consumer's `return()`) makes the SDK's stream abort it too.
    const events = await client.messages.create(params, { signal })
    yield* toProviderParts(events)
  } catch (error) {
    // [spec] stream(): once the signal is aborted, reject with its reason, whatever the SDK threw.
    signal.throwIfAborted()
    throw toProviderError(error, apiKey)
  }
}

/**
 * An Anthropic Messages model behind Sluice's provider interface, on the official SDK. The SDK
 * never retries (`maxRetries: 0`): Sluice retries whole requests itself, and an SDK retry after
 * output began would duplicate it.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): AnthropicProvider {
  const { apiKey, defaultModel } = options
  const client = new Anthropic({
    apiKey,
    maxRetries: 0,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  const defaults: RequestDefaults = {
    defaultModel,
    maxTokensDefault: options.maxTokensDefault ?? DEFAULT_MAX_TOKENS,
  }
  return {
    specificationVersion: 'v1',
    id: 'anthropic',
    defaultModel,
    stream(request, { signal }) {
      return streamParts(client, apiKey, defaults, request, signal)
    },
  }
}
