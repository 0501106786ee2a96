import { createMockProvider } from '@sluice/mock-provider'
import type { LanguageModelProvider } from '@sluice/provider'
import { createAnthropicProvider } from '@sluice/provider-anthropic'
import { createOpenAIProvider } from '@sluice/provider-openai'

export interface EnvProviders {
  providers: LanguageModelProvider[]
  defaultProvider: string
  /** Providers the server knows but that are not configured, and how to configure them. */
  unavailable: Record<string, string>
}

/**
 * The reference server's providers from its environment: OpenAI with `OPENAI_API_KEY`
 * (`OPENAI_BASE_URL` and `OPENAI_MODEL` optional), Anthropic with `ANTHROPIC_API_KEY`
 * (`ANTHROPIC_BASE_URL`, `ANTHROPIC_MODEL`), and always the mock. Without any key everything
 * runs on the mock; otherwise the first configured vendor is the default.
 */
export function providersFromEnv(env: Readonly<Record<string, string | undefined>>): EnvProviders {
  const providers: LanguageModelProvider[] = []
  const unavailable: Record<string, string> = {}
  const openaiKey = env.OPENAI_API_KEY
  if (openaiKey) {
    providers.push(
      createOpenAIProvider({
        apiKey: openaiKey,
        defaultModel: env.OPENAI_MODEL ?? 'gpt-4o-mini',
        ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
      }),
    )
  } else {
    unavailable.openai = 'The openai provider is not configured: set OPENAI_API_KEY on the server'
  }
  const anthropicKey = env.ANTHROPIC_API_KEY
  if (anthropicKey) {
    providers.push(
      createAnthropicProvider({
        apiKey: anthropicKey,
        defaultModel: env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-6',
        ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      }),
    )
  } else {
    unavailable.anthropic =
      'The anthropic provider is not configured: set ANTHROPIC_API_KEY on the server'
  }
  const mock = createMockProvider()
  return {
    providers: [...providers, mock],
    defaultProvider: providers[0]?.id ?? mock.id,
    unavailable,
  }
}
