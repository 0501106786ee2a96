import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

type LogLine = Record<string, unknown>

export interface ServerProcess {
  url: string
  /** Every JSON log line so far, parsed. */
  readonly lines: LogLine[]
  /** Resolves with the first log line (past or future) that `matches`; rejects if the process exits first. */
  waitForLine(matches: (line: LogLine) => boolean): Promise<LogLine>
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>
  /**
   * Sends a signal (SIGKILL: the instance dies without a word; SIGTERM: it drains) and resolves
   * with the exit code once it has exited.
   */
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * The reference server's real entry (`pnpm server`) in a child process, configured by `env`
 * (e.g. `REDIS_URL`; `PORT` defaults to a free one). Resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sluice/source', '--import', 'tsx', 'src/main.ts'],
    {
      // Resolved here, not on import: under happy-dom, import.meta.url is not a file URL.
      cwd: fileURLToPath(new URL('../../server/', import.meta.url)),
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const lines: LogLine[] = []
  const waiters = new Set<() => void>()
  let pending = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) if (part !== '') lines.push(JSON.parse(part))
    for (const wake of [...waiters]) wake()
  })
  const waitForLine = (matches: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const line = lines.find(matches)
        if (!line) return
        waiters.delete(check)
        resolve(line)
      }
      waiters.add(check)
      exited.then((code) =>
        reject(new Error(`the server process exited (${code}) first: ${stderr}`)),
      )
      check()
    })
  const started = await waitForLine((line) => typeof line.url === 'string')
  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    return exited
  }
  return { url: started.url as string, lines, waitForLine, exited, kill }
}
