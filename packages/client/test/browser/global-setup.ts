import { startTestServer } from '@sluice/test-utils'
import type { TestProject } from 'vitest/node'

/** The origin the browser-like tests run under (see the client project's environment options). */
export const PAGE_ORIGIN = 'http://app.localhost:5173'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server that allows `PAGE_ORIGIN`. */
    sluiceUrl: string
    /** A server that allows only another origin. */
    strictSluiceUrl: string
  }
}

/**
 * Starts the servers in Vitest's Node process: inside a happy-dom environment the server would
 * pick up happy-dom's `Request` and `Response` globals instead of Node's.
 */
export default async function setup(project: TestProject) {
  const [server, strict] = await Promise.all([
    startTestServer({ corsOrigin: [PAGE_ORIGIN] }),
    startTestServer({ corsOrigin: ['https://elsewhere.example'] }),
  ])
  project.provide('sluiceUrl', server.url)
  project.provide('strictSluiceUrl', strict.url)
  return async () => {
    await Promise.all([server.close(), strict.close()])
  }
}
