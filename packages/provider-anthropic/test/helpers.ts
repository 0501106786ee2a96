import type { ProviderPart, ProviderRequest } from '@sluice/provider'

/** A request whose last user message carries the mock upstream's scenario. */
export function scenarioRequest(
  mock: Record<string, unknown>,
  extra: Partial<ProviderRequest> = {},
): ProviderRequest {
  return {
    model: 'claude-test-1',
    messages: [{ role: 'user', content: JSON.stringify({ mock }) }],
    ...extra,
  }
}

/** Reads a whole stream; never rejects: the error is in the result. */
export async function collect(
  parts: AsyncIterable<ProviderPart>,
): Promise<{ parts: ProviderPart[]; error?: unknown }> {
  const seen: ProviderPart[] = []
  try {
    for await (const part of parts) seen.push(part)
    return { parts: seen }
  } catch (error) {
    return { parts: seen, error }
  }
}

export const API_KEY = 'sk-ant-test-0123456789abcdef-secret'
