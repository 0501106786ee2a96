import { describeMachine } from '../../client/bench/measure.js'

/** A bench's first two lines: its name and the time, then the machine it ran on. */
export function benchHeading(name: string): string {
  const { cpus, cpuModel, node, platform } = describeMachine()
  return `## ${name}, ${new Date().toISOString()}\n${cpus} CPUs "${cpuModel}", Node ${node}, ${platform} (shared machine)`
}
