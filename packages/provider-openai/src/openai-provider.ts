import type { LanguageModelProvider, ProviderPart, ProviderRequest } from '@sluice/provider'
import OpenAI from 'openai'
import { chatParams, chatParts } from './chat-completions.js'
import { toProviderError } from './errors.js'
import { responsesParams, responsesParts } from './responses.js'

export interface OpenAIProviderOptions {
  /** The key for `Authorization: Bearer`; it never appears in an error the adapter throws. */
  apiKey: string
  /**
   * An OpenAI-compatible endpoint (a gateway, a local upstream, the mock), ending in `/v1`.
   * @defaultValue the SDK's: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`
   */
  baseURL?: string
  /** The model used when a request names none. */
  defaultModel: string
  /** A `fetch` for the SDK's requests (tests, proxies). @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch
  /**
   * Which OpenAI API streams the answer: Chat Completions, or the Responses API.
   * @defaultValue `'chat'`
   */
  api?: 'chat' | 'responses'
  /** Extra headers on every request (e.g. a gateway's routing header). @defaultValue none */
  headers?: Readonly<Record<string, string>>
}

export interface OpenAIProvider extends LanguageModelProvider {
  readonly id: 'openai'
}

/**
 * The OpenAI adapter: streams through the official SDK and yields Sluice's provider parts.
 * Aborting the call's signal aborts the SDK's HTTP request; every failure is a `ProviderError`.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): OpenAIProvider {
  const { apiKey, defaultModel } = options
  const api = options.api ?? 'chat'
  const client = new OpenAI({
    apiKey,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { defaultHeaders: { ...options.headers } }),
    // Sluice retries whole requests itself; an SDK retry after output began would duplicate it.
    maxRetries: 0,
    // Sluice has its own time limits; the SDK's default of ten minutes would only hide them.
    timeout: 24 * 60 * 60 * 1000,
    // The SDK logs malformed chunks to the console; errors reach the caller typed instead.
    logLevel: 'off',
  })

  async function* stream(
    request: ProviderRequest,
    signal: AbortSignal,
  ): AsyncGenerator<ProviderPart, void, undefined> {
    signal.throwIfAborted()
    const model = request.model || defaultModel
    const withModel = { ...request, model }
    try {
      if (api === 'responses') {
        const events = await client.responses.create(responsesParams(withModel), { signal })
        yield* responsesParts(events)
      } else {
        const chunks = await client.chat.completions.create(chatParams(withModel), { signal })
        yield* chatParts(chunks)
      }
    } catch (error) {
      // [interface] once the signal aborts, the stream rejects with its reason, not a failure.
      if (signal.aborted) throw signal.reason
      throw toProviderError(error, apiKey, model)
    }
  }

  return {
    specificationVersion: 'v1',
    id: 'openai',
    defaultModel,
    stream: (request, { signal }) => stream(request, signal),
  }
}
