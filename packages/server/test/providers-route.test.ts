import { createMockProvider } from '@sluice/mock-provider'
import type { ProvidersResponse } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { createSluiceServer } from '../src/index.js'

describe('GET /v1/providers', () => {
  it('lists the configured providers, the default, and why the others are unavailable', async () => {
    const { app, close } = createSluiceServer({
      providers: [createMockProvider()],
      unavailableProviders: { openai: 'set OPENAI_API_KEY on the server' },
    })
    const response = await app.request('/v1/providers')
    expect(response.status).toBe(200)
    expect((await response.json()) as ProvidersResponse).toEqual({
      defaultProvider: 'mock',
      available: [{ id: 'mock' }],
      unavailable: [{ id: 'openai', reason: 'set OPENAI_API_KEY on the server' }],
    })
    await close()
  })
})
