import type { LanguageModelProvider } from '@sluice/provider'

/**
 * Wraps a provider to count upstream calls per key (the request's first message), so that
 * scenarios running side by side on one server each check "the model was called once".
 */
export function countingProvider(inner: LanguageModelProvider) {
  const calls = new Map<string, number>()
  const provider: LanguageModelProvider = {
    specificationVersion: inner.specificationVersion,
    id: inner.id,
    defaultModel: inner.defaultModel,
    stream(request, options) {
      const key = request.messages[0]?.content ?? ''
      calls.set(key, (calls.get(key) ?? 0) + 1)
      return inner.stream(request, options)
    },
  }
  return { provider, callsFor: (key: string) => calls.get(key) ?? 0 }
}
