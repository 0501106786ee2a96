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
   * `store`: the Sluice server's stream log, by name (see `server-process.ts`). `profileDir`:
   * write a V8 CPU profile of the server there when it stops.
   */
  static async start(
    kind: ServerKind,
    { store = 'memory', profileDir }: { store?: string; profileDir?: string | undefined } = {},
  ): Promise<ServerHandle> {
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
    const child = fork(entry, [kind, store], {
      execArgv: ['--conditions=@sluice/source', '--import', 'tsx', '--expose-gc', ...profile],
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
