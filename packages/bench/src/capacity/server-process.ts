import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { writeHeapSnapshot } from 'node:v8'
import { serve } from '@hono/node-server'
import type { StreamStore } from '@sluice/server'
import { startNodeServer } from '@sluice/server/node'
import { RedisStreamStore } from '@sluice/server/redis'
import { createNaiveApp } from './naive-server.js'
import { createPacedProvider, epochMs } from './paced-provider.js'
import { createRawServer } from './raw-server.js'

/** What the load generator can ask this process over IPC, and what it answers. */
export type ServerKind = 'sluice' | 'naive' | 'raw'
export interface ServerSample {
  rss: number
  heapUsed: number
  external: number
  /** Microseconds of CPU (user + system) since the process started. */
  cpuMicros: number
  /** Of which in the kernel (system calls: the socket writes, mostly). */
  systemMicros: number
  /** Write system calls (`write`, `writev`) and bytes written so far; NaN off Linux. */
  writeCalls: number
  bytesWritten: number
}

/** The stream logs the Sluice server can run on, by name, for every bench that takes `--store`. */
const stores: Record<string, () => StreamStore | undefined> = {
  memory: () => undefined, // the server's default MemoryStreamStore
  redis: () => {
    const url = process.env.REDIS_URL
    if (!url) throw new Error('--store redis needs REDIS_URL (the resume bench starts one)')
    return new RedisStreamStore({ url })
  },
}

function storeNamed(name: string): StreamStore | undefined {
  const make = stores[name]
  if (!make) {
    const known = Object.keys(stores).join(', ')
    throw new Error(`No stream store named ${JSON.stringify(name)}; the bench knows ${known}`)
  }
  return make()
}

async function listen(kind: ServerKind, storeName: string): Promise<string> {
  if (kind === 'sluice') {
    const store = storeNamed(storeName)
    // The default cap of 1,000 running streams would measure the limit, not the server.
    const concurrency = { maxStreams: 100_000 }
    const options = {
      port: 0,
      providers: [createPacedProvider()],
      concurrency,
      ...(store ? { store } : {}),
    }
    return (await startNodeServer(options)).url
  }
  if (kind === 'raw') {
    const server = createRawServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }
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
  return {
    rss,
    heapUsed,
    external,
    cpuMicros: user + system,
    systemMicros: system,
    ...writeCounters(),
  }
}

/** From Linux's `/proc/self/io`: how many writes the socket writes took. */
function writeCounters(): { writeCalls: number; bytesWritten: number } {
  let io: string
  try {
    io = readFileSync('/proc/self/io', 'utf8')
  } catch {
    return { writeCalls: Number.NaN, bytesWritten: Number.NaN }
  }
  const field = (name: string) => Number(io.match(new RegExp(`^${name}: (\\d+)$`, 'm'))?.[1])
  return { writeCalls: field('syscw'), bytesWritten: field('wchar') }
}

const kind = process.argv[2] as ServerKind
const url = await listen(kind, process.argv[3] ?? 'memory')
process.on(
  'message',
  (message: { sample?: { collect: boolean }; clock?: true; heapSnapshot?: string }) => {
    if (message.clock) process.send?.({ clock: epochMs() })
    if (message.sample) process.send?.({ sample: sample(message.sample.collect) })
    if (message.heapSnapshot) {
      process.send?.({ heapSnapshot: writeHeapSnapshot(message.heapSnapshot) })
    }
  },
)
process.send?.({ ready: url })
// A normal exit on kill, so that `--cpu-prof` (through NODE_OPTIONS) gets to write its profile.
process.on('SIGTERM', () => process.exit(0))
