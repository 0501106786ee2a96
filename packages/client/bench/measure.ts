import { readFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'

/** Results go here so that the JIT cannot drop the work that produced them. */
export const sink: { value: unknown } = { value: undefined }

/** Milliseconds that `work` takes, once, on the monotonic high-resolution clock. */
export function timeMs(work: () => void): number {
  const start = process.hrtime.bigint()
  work()
  return Number(process.hrtime.bigint() - start) / 1e6
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  const upper = sorted[middle] ?? Number.NaN
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2
}

/** A run shorter than this is repeated inside one timing, so the clock's grain does not count. */
const MIN_SAMPLE_MS = 5

/**
 * The median time of one call of `work` over `repetitions` samples, after one warm-up call. A
 * call that takes less than 5 ms is repeated within each sample and the sample divided.
 */
export function medianMs(work: () => void, repetitions: number): number {
  const once = timeMs(work)
  const batch = once >= MIN_SAMPLE_MS ? 1 : Math.ceil(MIN_SAMPLE_MS / Math.max(once, 0.001))
  const samples = Array.from({ length: repetitions }, () =>
    timeMs(() => {
      for (let i = 0; i < batch; i++) work()
    }),
  )
  return median(samples) / batch
}

export interface Machine {
  cpus: number
  cpuModel: string
  node: string
  platform: string
}

export function describeMachine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown'
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)
    if (line?.[1]) cpuModel = line[1].trim()
  } catch {
    // Not Linux: os.cpus() is the best there is.
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}
