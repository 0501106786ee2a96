import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { epochMs } from './paced-provider.js'
import type { ServerKind, ServerSample } from './server-process.js'

const entry = fileURLToPath(new URL('./server-process.ts', import.meta.url))
/** The bench package: where `--import tsx` resolves from, whatever the caller's directory. */
const packageDir = fileURLToPath(new URL('../..', import.meta.url))
/** Where this file's package sits in a checkout of the repository. */
const benchInCheckout = 'packages/bench'

/** A server under test in its own process, so that it has a core to itself as far as it can. */
export class ServerHandle {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * `store`: the Sluice server's stream log, by name (see `server-process.ts`). `nodeFlags`: more
   * flags for the server's Node, e.g. `--cpu-prof` or `--trace-gc`. `built`: the workspace
   * packages from their `dist` (what ships; build them first) rather than their TypeScript
   * source through tsx, whose `keepNames` transform gives every closure a property array
   * (about 6 KB of heap per Sluice stream) and a call per closure made. `checkout`: another
   * checkout of the repository (installed, and built for `built`) whose server to run instead,
   * to measure a change against the code before it in one run.
   */
  static async start(
    kind: ServerKind,
    {
      store = 'memory',
      nodeFlags = [],
      built = false,
      checkout,
    }: { store?: string; nodeFlags?: string[]; built?: boolean; checkout?: string } = {},
  ): Promise<ServerHandle> {
    const conditions = built ? [] : ['--conditions=@sluice/source']
    const dir = checkout ? join(checkout, benchInCheckout) : packageDir
    const child = fork(checkout ? join(dir, relative(packageDir, entry)) : entry, [kind, store], {
      cwd: dir,
      execArgv: [...conditions, '--import', 'tsx', '--expose-gc', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`The ${kind} server exited with ${code} before it was ready`)
    })
    const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ ready: string }]
    exited.catch(() => {})
    const server = new ServerHandle(child, message.ready)
    server.clockOffsetMs = await server.#measureClockOffset()
    return server
  }

  /**
   * The server's wall clock minus this process's: `performance.timeOrigin` is only good to a
   * millisecond or two between processes, as much as a token's lateness on an idle server.
   */
  clockOffsetMs = 0

  async #measureClockOffset(): Promise<number> {
    let best = { roundTripMs: Number.POSITIVE_INFINITY, offsetMs: 0 }
    for (let i = 0; i < 20; i++) {
      const sentAt = epochMs()
      const answer = once(this.child, 'message')
      this.child.send({ clock: true })
      const [{ clock }] = (await answer) as [{ clock: number }]
      const receivedAt = epochMs()
      // The server read its clock somewhere in the round trip: the shortest bounds it best.
      if (receivedAt - sentAt < best.roundTripMs) {
        best = { roundTripMs: receivedAt - sentAt, offsetMs: clock - (sentAt + receivedAt) / 2 }
      }
    }
    return best.offsetMs
  }

  /** Memory and CPU now; `collect` runs a full GC first (it pauses the server). */
  async sample(collect: boolean): Promise<ServerSample> {
    const answer = once(this.child, 'message')
    this.child.send({ sample: { collect } })
    const [message] = (await answer) as [{ sample: ServerSample }]
    return message.sample
  }

  /** Writes a V8 heap snapshot of the server (a GC runs first) to `path`. */
  async heapSnapshot(path: string): Promise<void> {
    const answer = once(this.child, 'message')
    this.child.send({ heapSnapshot: path })
    await answer
  }

  async stop(): Promise<void> {
    const exited = once(this.child, 'exit')
    this.child.kill()
    await exited
  }
}
