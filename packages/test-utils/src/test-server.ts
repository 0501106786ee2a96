import { createMockProvider, type MockProvider } from '@sluice/mock-provider'
import type { SluiceServerOptions } from '@sluice/server'
import { type RunningServer, startNodeServer } from '@sluice/server/node'

export interface TestServer extends RunningServer {
  mock: MockProvider
}

/**
 * The reference server on a free loopback port with a fresh mock provider, and a short `retry:`
 * hint so that reconnecting tests do not wait a second per reconnect.
 */
export async function startTestServer(options: SluiceServerOptions = {}): Promise<TestServer> {
  const mock = createMockProvider()
  const server = await startNodeServer({
    port: 0,
    retryHintMs: 5,
    onInternalError: (error) => {
      throw error
    },
    ...options,
    providers: options.providers ?? [mock],
  })
  return Object.assign(server, { mock })
}
