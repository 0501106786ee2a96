import { startTestServer } from '@sluice/test-utils'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The reference server on the mock provider, for the React tests. */
    reactSluiceUrl: string
  }
}

/** Starts the server in Vitest's Node process, away from happy-dom's `Request`/`Response`. */
export default async function setup(project: TestProject) {
  // The origin of happy-dom's page in the react project (vitest.config.ts).
  const server = await startTestServer({ corsOrigin: ['http://app.localhost:5173'] })
  project.provide('reactSluiceUrl', server.url)
  return () => server.close()
}
