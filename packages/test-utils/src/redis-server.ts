import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Whether `redis-server` is on PATH. Under `CI=true` a missing binary throws: CI must run the
 * Redis tests, never skip them. Elsewhere it warns loudly and the tests skip.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version']).status === 0
  if (found) return true
  if (process.env.CI === 'true') {
    throw new Error('redis-server is not installed: CI must run the Redis tests (see .ci/run)')
  }
  console.warn(
    '\n*** redis-server not found: SKIPPING the Redis tests (apt-get install redis-server) ***\n',
  )
  return false
}

export interface TestRedis {
  url: string
  port: number
  /** Kills the server (SIGKILL): its data is gone unless it is persistent. */
  kill(): Promise<void>
  /** Kills the server and starts it again on the same port, after `downMs` (default 0). */
  restart(downMs?: number): Promise<void>
  stop(): Promise<void>
}

export interface TestRedisOptions {
  /**
   * Keep the data across `kill()`/`restart()` (an append-only file fsynced on every write, in a
   * temporary folder). @defaultValue false: a restart starts empty
   */
  persistent?: boolean
}

/** A throwaway `redis-server` on a free loopback port. */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort()
  const persistence = options.persistent
    ? [
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        mkdtempSync(join(tmpdir(), 'sluice-redis-')),
      ]
    : ['--appendonly', 'no']
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence],
      { stdio: 'ignore' },
    )
    await waitForPort(port)
  }
  const kill = async () => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    running.kill('SIGKILL')
    await once(running, 'exit')
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart(downMs = 0) {
      await kill()
      await new Promise((resolve) => setTimeout(resolve, downMs))
      await start()
    },
    stop: kill,
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Resolves once something accepts connections on the port (checked every 20 ms, up to 10 s). */
async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`redis-server did not start on port ${port}`)
}
