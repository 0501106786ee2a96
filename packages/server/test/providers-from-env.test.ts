import { describe, expect, it } from 'vitest'
import { createSluiceServer } from '../src/index.js'
import { providersFromEnv } from '../src/providers-from-env.js'
import { postStream } from './helpers/post-stream.js'

describe('providers from the environment', () => {
  it('runs everything on the mock without keys, and says how to enable the others', () => {
    const { providers, defaultProvider, unavailable } = providersFromEnv({})
    expect(providers.map((p) => p.id)).toEqual(['mock'])
    expect(defaultProvider).toBe('mock')
    expect(unavailable.openai).toContain('OPENAI_API_KEY')
    expect(unavailable.anthropic).toContain('ANTHROPIC_API_KEY')
  })

  it('configures each vendor with a key, the first as the default, the mock still available', () => {
    const { providers, defaultProvider, unavailable } = providersFromEnv({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'gpt-test',
      ANTHROPIC_API_KEY: 'sk-ant-test',
    })
    expect(providers.map((p) => [p.id, p.defaultModel])).toEqual([
      ['openai', 'gpt-test'],
      ['anthropic', 'claude-sonnet-4-6'],
      ['mock', 'mock-1'],
    ])
    expect(defaultProvider).toBe('openai')
    expect(unavailable).toEqual({})
  })

  it('answers a request for an unconfigured provider with a 422 that says how to enable it', async () => {
    const fromEnv = providersFromEnv({})
    const server = createSluiceServer({
      providers: fromEnv.providers,
      unavailableProviders: fromEnv.unavailable,
    })
    const response = await postStream(server.app, { provider: 'openai' })
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({
      error: { code: 'provider-unavailable', message: expect.stringContaining('OPENAI_API_KEY') },
    })
    await server.close()
  })
})
