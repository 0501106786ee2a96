import {
  createMockProvider,
  type MockProvider,
  type MockProviderStats,
} from '@sluice/mock-provider'
import { createSluiceServer, type SluiceServerOptions } from '@sluice/server'
import { type RunningServer, serveOnNode } from '@sluice/server/node'

export interface TestServer extends RunningServer {
  mock: MockProvider
}

/** Where a test server answers its mock provider's counters (for tests in another process). */
export const MOCK_STATS_PATH = '/__test/mock-stats'

/**
 * The reference server on a free loopback port with a fresh mock provider, and a short `retry:`
 * hint so that reconnecting tests do not wait a second per reconnect. Unexpected server errors
 * fail loudly on stderr.
 */
export async function startTestServer(options: SluiceServerOptions = {}): Promise<TestServer> {
  const mock = createMockProvider()
  const sluice = createSluiceServer({
    retryHintMs: 5,
    onInternalError: (error) => console.error('sluice test server: internal error', error),
    ...options,
    providers: options.providers ?? [mock],
  })
  sluice.app.get(MOCK_STATS_PATH, (c) => c.json(mock.stats))
  const server = await serveOnNode(sluice, { port: 0 })
  return Object.assign(server, { mock })
}

/** Reads a test server's mock counters over HTTP. */
export async function fetchMockStats(
  baseUrl: string,
  fetch: typeof globalThis.fetch = globalThis.fetch,
): Promise<MockProviderStats> {
  return (await (await fetch(`${baseUrl}${MOCK_STATS_PATH}`)).json()) as MockProviderStats
}
