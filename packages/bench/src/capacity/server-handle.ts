import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { ServerKind, ServerSample } from './server-process.js'

const entry = fileURLToPath(new URL('./server-process.ts', import.meta.url))

/** A server under test in its own process, so that it has a core to itself as far as it can. */
export class ServerHandle {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * `store`: the Sluice server's stream log, by name (see `server-process.ts`). `nodeFlags`: more
   * flags for the server's Node, e.g. `--cpu-prof` or `--trace-gc`.
   */
  static async start(
    kind: ServerKind,
    { store = 'memory', nodeFlags = [] }: { store?: string; nodeFlags?: string[] } = {},
  ): Promise<ServerHandle> {
    const child = fork(entry, [kind, store], {
      execArgv: ['--conditions=@sluice/source', '--import', 'tsx', '--expose-gc', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`The ${kind} server exited with ${code} before it was ready`)
    })
    const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ ready: string }]
    exited.catch(() => {})
    return new ServerHandle(child, message.ready)
  }

  /** Memory and CPU now; `collect` runs a full GC first (it pauses the server). */
  async sample(collect: boolean): Promise<ServerSample> {
    const answer = once(this.child, 'message')
    this.child.send({ sample: { collect } })
    const [message] = (await answer) as [{ sample: ServerSample }]
    return message.sample
  }

  async stop(): Promise<void> {
    const exited = once(this.child, 'exit')
    this.child.kill()
    await exited
  }
}
