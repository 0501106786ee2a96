import { loadavg } from 'node:os'
import { flag } from '../cli.js'
import { benchHeading } from '../heading.js'
import { formatNumber, quantiles } from '../stats.js'
import { BUCKET_MS, type LoadOptions, LoadRun, warmUp } from './load-run.js'
import { epochMs } from './paced-provider.js'
import { ServerHandle } from './server-handle.js'
import type { ServerKind } from './server-process.js'

const tokenDelayMs = Number(flag('token-delay-ms', '50'))
const tokens = Number(flag('tokens', '200'))
const idleStreams = Number(flag('idle-streams', '5000'))
/** Go on past the first broken step, to see how a server degrades. */
const allSteps = process.argv.includes('--all-steps')
const nodeFlags = flag('server-node-flags', '').split(' ').filter(Boolean)
/** `dist` (what ships, built by this script first) or `source` (TypeScript through tsx). */
const from = flag('from', 'dist')
if (from !== 'dist' && from !== 'source') throw new Error('--from is dist or source')
const serverOptions = { nodeFlags, built: from === 'dist' }
const startServer = (kind: Contender) =>
  kind === 'before'
    ? ServerHandle.start('sluice', { ...serverOptions, checkout: beforeCheckout })
    : ServerHandle.start(kind, serverOptions)
/** Another checkout whose Sluice server runs as the contender `before` (see `ServerHandle`). */
const beforeCheckout = flag('before', '')
type Contender = ServerKind | 'before'
const kinds = flag('kinds', `raw,naive,${beforeCheckout ? 'before,' : ''}sluice`).split(
  ',',
) as Contender[]
if (kinds.includes('before') && !beforeCheckout) throw new Error('--kinds before needs --before')
const steps: Record<Contender, number[]> = {
  naive: flag('naive-steps', '300,600,900,1200,2500').split(',').map(Number),
  sluice: flag('sluice-steps', '300,600,900,1200,2500,5000,10000').split(',').map(Number),
  raw: flag('raw-steps', '300,600,900,1200,2500,5000,10000').split(',').map(Number),
  before: flag('sluice-steps', '300,600,900,1200,2500,5000,10000').split(',').map(Number),
}
/** Thresholds of issue 10: a step that breaks one ends the ramp. */
const MIN_PACE = 0.95
const MAX_P99_MS = 50

const rampMsFor = (streams: number) => Math.min(5000, streams)
/** After the ramp, this long for the server to settle before latency counts. */
const SETTLE_MS = 1000
const load = (server: ServerHandle, streams: number, overrides: Partial<LoadOptions> = {}) =>
  new LoadRun({
    url: server.url,
    clockOffsetMs: server.clockOffsetMs,
    steadyAfterMs: rampMsFor(streams) + SETTLE_MS,
    streams,
    rampMs: rampMsFor(streams),
    tokens,
    ttftMs: 50,
    tokenDelayMs,
    ...overrides,
  })
const kb = (bytes: number) => formatNumber(bytes / 1024, 1)

/** Memory per stream that is open but has nothing to send yet (a long time to first token). */
async function idleMemory(kind: Contender): Promise<string> {
  const server = await startServer(kind)
  await warmUp(server.url)
  const before = await server.sample(true)
  const run = load(server, idleStreams, { ttftMs: 40_000, tokens: 1 })
  const deadline = performance.now() + rampMsFor(idleStreams) + 15_000
  while (run.connected + run.settled < idleStreams && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const after = await server.sample(true)
  const connected = run.connected
  run.close()
  await server.stop()
  const perStream = (after.rss - before.rss) / connected
  const heapPerStream =
    (after.heapUsed + after.external - before.heapUsed - before.external) / connected
  return `| ${kind} | ${formatNumber(connected)} | ${kb(perStream)} | ${kb(heapPerStream)} |`
}

interface Step {
  row: string
  broken: boolean
  cpuMicrosPerEvent: number
}

async function activeStep(kind: Contender, streams: number): Promise<Step> {
  const server = await startServer(kind)
  await warmUp(server.url)
  const before = await server.sample(true)
  const ownCpuBefore = process.cpuUsage()
  const run = load(server, streams)
  const rampMs = rampMsFor(streams)
  const streamMs = tokens * tokenDelayMs
  // Every stream is open and producing from the end of the ramp until the first ones finish.
  await new Promise((resolve) => setTimeout(resolve, Math.max(rampMs + 1000, streamMs / 2)))
  const during = await server.sample(false)
  await run.finished(rampMs + streamMs * 3 + 10_000)
  const elapsedMs = epochMs() - run.startedAt
  const after = await server.sample(false)
  const ownCpu = process.cpuUsage(ownCpuBefore)
  run.close()
  await server.stop()

  const lateness = run.lateness.subarray(0, run.latenessCount)
  const [p50, p99] = quantiles(lateness, [0.5, 0.99]) as [number, number]
  const errors = [...run.errors].map(([reason, n]) => `${n} ${reason}`).join(', ') || '0'
  const unfinished = streams - run.settled
  const fullFrom = Math.ceil((rampMs + 500) / BUCKET_MS)
  const fullTo = Math.floor(streamMs / BUCKET_MS)
  const fullBuckets = Array.from(
    run.arrivalsPerBucket.subarray(fullFrom, Math.max(fullTo, fullFrom + 1)),
  )
  const fullRate =
    (fullBuckets.reduce((a, b) => a + b, 0) / fullBuckets.length) * (1000 / BUCKET_MS)
  const nominalRate = (streams * 1000) / tokenDelayMs
  // Keeping pace: the share of the nominal token rate delivered while every stream is open.
  const pace = fullRate / nominalRate
  const cpuMicros = after.cpuMicros - before.cpuMicros
  const broken = run.errors.size > 0 || unfinished > 0 || !(pace >= MIN_PACE) || !(p99 < MAX_P99_MS)
  const row = [
    kind,
    formatNumber(streams),
    `${formatNumber(run.completed)}${unfinished ? ` (${unfinished} unfinished)` : ''}`,
    errors,
    `${formatNumber(fullRate)} / ${formatNumber(nominalRate)}`,
    formatNumber(pace, 3),
    formatNumber(p50, 1),
    formatNumber(p99, 1),
    formatNumber(run.maxLatenessMs, 0),
    formatNumber(cpuMicros / run.tokensArrived, 1),
    formatNumber((after.systemMicros - before.systemMicros) / run.tokensArrived, 1),
    formatNumber((after.writeCalls - before.writeCalls) / run.tokensArrived, 2),
    formatNumber((after.bytesWritten - before.bytesWritten) / run.tokensArrived, 0),
    `${formatNumber((cpuMicros / 1000 / elapsedMs) * 100)}%`,
    kb((during.rss - before.rss) / streams),
    `${formatNumber(((ownCpu.user + ownCpu.system) / 1000 / elapsedMs) * 100)}%`,
    formatNumber(loadavg()[0] ?? Number.NaN, 1),
    broken ? '**broken**' : 'held',
  ]
  return { row: `| ${row.join(' | ')} |`, broken, cpuMicrosPerEvent: cpuMicros / run.tokensArrived }
}

console.log(benchHeading('Server capacity'))
console.log(
  `Servers run the workspace packages from ${from === 'dist' ? 'dist' : 'source, through tsx'}`,
)
console.log(
  `${tokens} tokens a stream, one every ${tokenDelayMs} ms on average (${formatNumber(1000 / tokenDelayMs)} tokens/s), ramp ≤ 5 s`,
)
console.log('\n### Memory per idle stream (open, waiting for its first token)\n')
console.log('| server | streams open | RSS KB / stream | heap + external KB / stream |')
console.log('| --- | ---: | ---: | ---: |')
for (const kind of kinds) console.log(await idleMemory(kind))

console.log('\n### Ramp\n')
console.log(
  '| server | streams | completed | errors | events/s at full concurrency (got / nominal) | pace | p50 late ms | p99 late ms | max late ms, ramp included | server CPU µs / event | of which system | write calls / event | bytes written / event | server CPU | RSS KB / active stream | load generator CPU | machine load (1 min) | verdict |',
)
console.log(
  '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
)
// The servers take turns at each step, so that what else runs on the machine hits both alike.
const broken = new Set<Contender>()
const stepSizes = [...new Set(kinds.flatMap((kind) => steps[kind]))].sort((a, b) => a - b)
const cpuRatios: string[] = []
for (const streams of stepSizes) {
  const cpu = new Map<Contender, number>()
  for (const kind of kinds) {
    if (broken.has(kind) || !steps[kind].includes(streams)) continue
    const step = await activeStep(kind, streams)
    console.log(step.row)
    cpu.set(kind, step.cpuMicrosPerEvent)
    if (step.broken && !allSteps) broken.add(kind)
  }
  const sluice = cpu.get('sluice')
  const ratio = (baseline: Contender) => {
    const base = cpu.get(baseline)
    return sluice && base ? formatNumber(sluice / base, 2) : ''
  }
  if (sluice && cpu.size > 1)
    cpuRatios.push(
      `| ${formatNumber(streams)} | ${ratio('naive')} | ${ratio('raw')} | ${ratio('before')} |`,
    )
}
if (cpuRatios.length > 0) {
  console.log('\n### Server CPU per event, Sluice over the baselines, same step\n')
  console.log('| streams | Sluice / naive | Sluice / raw | Sluice / before |')
  console.log('| ---: | ---: | ---: | ---: |')
  for (const row of cpuRatios) console.log(row)
}
