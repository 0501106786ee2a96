import type { CreateStreamRequest } from '@sluice/client'

export type AnswerMode = 'text' | 'json' | 'tool-call'

/** What the next answer asks for: the prompt, the provider, and the mock model's behaviour. */
export interface Settings {
  prompt: string
  mode: AnswerMode
  provider: string
  tokens: number
  tokenDelayMs: number
  seed: number
  /** Fail the mock model after this many tokens; 0 for never. */
  failAt: number
  /** Stall the mock model after this many tokens, for `stallMs`; 0 for never. */
  stallAt: number
  stallMs: number
}

export const DEFAULT_SETTINGS: Settings = {
  prompt: 'Tell me about rivers.',
  mode: 'text',
  provider: 'mock',
  tokens: 200,
  tokenDelayMs: 20,
  seed: 1,
  failAt: 0,
  stallAt: 0,
  stallMs: 3000,
}

export function streamRequest(settings: Settings): CreateStreamRequest {
  const { prompt, mode, provider, tokens, tokenDelayMs, seed, failAt, stallAt, stallMs } = settings
  const json = mode === 'json'
  const request: CreateStreamRequest = {
    messages: [{ role: 'user', content: prompt }],
    provider,
    ...(json ? { responseFormat: { type: 'json' } } : {}),
  }
  if (provider !== 'mock') return request
  return {
    ...request,
    mock: {
      seed,
      tokens,
      tokenDelayMs,
      json,
      toolCalls: mode === 'tool-call' ? 1 : 0,
      ...(failAt > 0 ? { failAt: Math.min(failAt, tokens) } : {}),
      ...(stallAt > 0 ? { stallAt: Math.min(stallAt, tokens), stallMs } : {}),
    },
  }
}
