import { mockText } from '@sluice/mock-provider'
import { chaosFetch, faultsInOrder, fetchMockStats } from '@sluice/test-utils'
import { describe, expect, inject, it } from 'vitest'
import { createSluiceClient } from '../../src/index.js'
import { PAGE_ORIGIN } from './global-setup.js'

const scenario = { seed: 11, tokens: 30, ttftMs: 0, tokenDelayMs: 1 }
const request = { messages: [{ role: 'user' as const, content: 'hi' }], mock: scenario }

describe('in a browser-like page (happy-dom, whose fetch enforces CORS)', () => {
  it('streams cross-origin and resumes with the exposed stream id, calling the model once', async () => {
    expect(location.origin).toBe(PAGE_ORIGIN)
    const baseUrl = inject('sluiceUrl')
    const callsBefore = (await fetchMockStats(baseUrl)).calls
    // The page's own fetch, cut before the first event: only the response headers name the
    // stream. (happy-dom enforces CORS on requests but does not hide unexposed response
    // headers; the exposure itself is checked in the server's header tests.)
    const cutting = chaosFetch({
      plan: faultsInOrder({ kind: 'cut-after-events', events: 0 }),
      fetch: (input, init) => window.fetch(input, init),
    })
    const client = createSluiceClient({
      baseUrl,
      fetch: cutting.fetch,
      retry: { initialDelayMs: 1 },
    })
    const result = await client.start(request).result

    expect(result.text).toBe(mockText({ ...scenario, json: false }))
    expect(cutting.requests.map((r) => r.method)).toEqual(['POST', 'GET'])
    expect((await fetchMockStats(baseUrl)).calls).toBe(callsBefore + 1)
  })

  it('is refused by a server that does not allow the page origin', async () => {
    const client = createSluiceClient({
      baseUrl: inject('strictSluiceUrl'),
      retry: { maxAttempts: 0 },
    })
    await expect(client.start(request).result).rejects.toMatchObject({ code: 'network-error' })
  })
})
