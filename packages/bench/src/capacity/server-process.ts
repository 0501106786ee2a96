import { serve } from '@hono/node-server'
import { startNodeServer } from '@sluice/server/node'
import { createNaiveApp } from './naive-server.js'
import { createPacedProvider } from './paced-provider.js'

/** What the load generator can ask this process over IPC, and what it answers. */
export type ServerKind = 'sluice' | 'naive'
export interface ServerSample {
  rss: number
  heapUsed: number
  external: number
  /** Microseconds of CPU (user + system) since the process started. */
  cpuMicros: number
}

async function listen(kind: ServerKind): Promise<string> {
  if (kind === 'sluice')
    return (await startNodeServer({ port: 0, providers: [createPacedProvider()] })).url
  return new Promise((resolve) => {
    serve({ fetch: createNaiveApp().fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    )
  })
}

function sample(collect: boolean): ServerSample {
  // Started with --expose-gc: a collection first makes memory readings comparable.
  if (collect) (globalThis as { gc?: () => void }).gc?.()
  const { rss, heapUsed, external } = process.memoryUsage()
  const { user, system } = process.cpuUsage()
  return { rss, heapUsed, external, cpuMicros: user + system }
}

const kind = process.argv[2] as ServerKind
const url = await listen(kind)
process.on('message', (message: { sample: { collect: boolean } }) => {
  process.send?.({ sample: sample(message.sample.collect) })
})
process.send?.({ ready: url })
