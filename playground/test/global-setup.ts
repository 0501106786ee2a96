import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build, preview } from 'vite'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built playground, served by Vite's preview server. */
    playgroundUrl: string
    /** Debian's Chromium, or '' when it is missing here (the tests then skip, loudly). */
    chromiumPath: string
  }
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const root = fileURLToPath(new URL('..', import.meta.url))

/** Builds the playground and serves it on a free loopback port, if there is a browser to drive. */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    const message = `Chromium is missing at ${CHROMIUM}: the playground's browser tests cannot run`
    if (process.env.CI === 'true')
      throw new Error(`${message} (CI=true: install it, apt-get install -y chromium)`)
    console.warn(`\n!!! ${message}; SKIPPING them (install chromium to run them) !!!\n`)
    project.provide('chromiumPath', '')
    project.provide('playgroundUrl', '')
    return
  }
  await build({ root, logLevel: 'warn' })
  const server = await preview({
    root,
    logLevel: 'warn',
    // The first free port from Vite's default up.
    preview: { host: '127.0.0.1', strictPort: false },
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('Vite preview did not report its URL')
  project.provide('chromiumPath', CHROMIUM)
  project.provide('playgroundUrl', url)
  return () => server.close()
}
