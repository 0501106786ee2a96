import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const serverPackage = fileURLToPath(new URL('../../../server/', import.meta.url))

/** The reference server's real entry (`pnpm server`) in its own process, logging JSON lines. */
export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Every log line so far, parsed. */
  lines: Record<string, unknown>[]
  /** Resolves with the first log line (past or future) that `matches`. */
  waitForLine(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sluice/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverPackage,
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const lines: Record<string, unknown>[] = []
  const waiters = new Set<() => void>()
  let pending = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) if (part !== '') lines.push(JSON.parse(part))
    for (const wake of waiters) wake()
  })
  const waitForLine = (matches: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const line = lines.find(matches)
        if (!line) return
        waiters.delete(check)
        resolve(line)
      }
      waiters.add(check)
      exited.then(() => reject(new Error('the server process exited first')))
      check()
    })
  const started = await waitForLine((line) => typeof line.url === 'string')
  return { child, url: started.url as string, lines, waitForLine, exited }
}
