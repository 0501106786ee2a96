import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

export interface ServerProcess {
  url: string
  /** Sends a signal (SIGKILL: the instance dies without a word) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

/**
 * The reference server's real entry (`pnpm server`) in a child process on a free loopback port,
 * configured by `env` (e.g. `REDIS_URL`). Resolves once it listens.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@sluice/source', '--import', 'tsx', 'src/main.ts'],
    {
      // Resolved here, not on import: under happy-dom, import.meta.url is not a file URL.
      cwd: fileURLToPath(new URL('../../server/', import.meta.url)),
      env: { ...process.env, ...env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = stdout.match(/Sluice server on (http:\/\/\S+)/)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) =>
      reject(new Error(`server process exited (${code}) before listening: ${stderr}`)),
    )
  })
  return { url, kill: (signal) => stopProcess(child, signal ?? 'SIGTERM') }
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill(signal)
  await exited
}
