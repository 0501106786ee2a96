// What metrics and logs cost a stream: the same 20,000-token stream read over loopback HTTP
// from a server with metrics and info logs on, and from one with both off, alternating. Then
// what the per-stream meter (counts, length limits) costs: the provider's parts iterated under
// the deadlines (`withTimeouts`), without a meter and with one, alternating.
import { Writable } from 'node:stream'
import type { LanguageModelProvider } from '@sluice/provider'
import { Registry } from 'prom-client'
import { createLogger, systemTimers } from '../src/index.js'
import { type RunningServer, startNodeServer } from '../src/node.js'
import { withTimeouts } from '../src/provider-timeouts.js'
import { defaultStreamLengthLimits } from '../src/stream-length.js'
import { StreamMeter } from '../src/stream-meter.js'

const TOKENS = 20_000
const REPETITIONS = Number(process.argv[process.argv.indexOf('--repetitions') + 1]) || 7

/**
 * Tokens as fast as the server takes them (the mock paces tokens with timers, which would
 * measure the timer, not the server).
 */
const flatOut: LanguageModelProvider = {
  specificationVersion: 'v1',
  id: 'flat-out',
  defaultModel: 'flat-out-1',
  async *stream() {
    for (let i = 0; i < TOKENS; i++) yield { type: 'text-delta', text: `token ${i} ` }
    yield { type: 'finish', finishReason: 'stop' }
  },
}

/** Log lines go nowhere, but pino still serialises them. */
const discard = new Writable({ write: (_chunk, _encoding, done) => done() })

const servers = {
  bare: await startNodeServer({ port: 0, metrics: false, providers: [flatOut] }),
  observed: await startNodeServer({
    port: 0,
    providers: [flatOut],
    metrics: new Registry(),
    logger: createLogger('info', discard),
  }),
}

async function readOneStream(server: RunningServer): Promise<number> {
  const start = process.hrtime.bigint()
  const response = await fetch(`${server.url}/v1/streams`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  })
  const text = await response.text()
  if (!text.includes('"finishReason":"stop"')) throw new Error('stream did not finish')
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN

const samples: Record<keyof typeof servers, number[]> = { bare: [], observed: [] }
await readOneStream(servers.bare) // warm-up
await readOneStream(servers.observed)
for (let i = 0; i < REPETITIONS; i++) {
  for (const mode of ['bare', 'observed'] as const) {
    samples[mode].push(await readOneStream(servers[mode]))
  }
}
await Promise.all(Object.values(servers).map((server) => server.close()))

const hour = 3_600_000
const timed = withTimeouts(flatOut, {
  firstPartMs: hour,
  idleMs: hour,
  totalMs: hour,
  timers: systemTimers,
})

async function iterateParts(meter?: StreamMeter): Promise<number> {
  const start = process.hrtime.bigint()
  const request = { model: 'm', messages: [] }
  const stop = new AbortController()
  const options = { signal: stop.signal, stop, ...(meter ? { meter } : {}) }
  for await (const _ of timed.stream(request, options)) {
    // Only the iteration is timed.
  }
  return Number(process.hrtime.bigint() - start) / 1e6
}

const metered = () =>
  new StreamMeter(
    { streamId: 's', provider: 'flat-out', model: 'm' },
    {},
    defaultStreamLengthLimits,
  )
const parts = { bare: [] as number[], metered: [] as number[] }
await iterateParts()
await iterateParts(metered())
for (let i = 0; i < REPETITIONS; i++) {
  parts.bare.push(await iterateParts())
  parts.metered.push(await iterateParts(metered()))
}

const bare = median(samples.bare)
const observed = median(samples.observed)
console.log(`${TOKENS} tokens per stream, median of ${REPETITIONS} (node ${process.version})`)
console.log(
  `metrics and logs off: ${bare.toFixed(1)} ms (${((bare * 1000) / TOKENS).toFixed(2)} µs/token)`,
)
console.log(
  `metrics and logs on:  ${observed.toFixed(1)} ms (${((observed * 1000) / TOKENS).toFixed(2)} µs/token)`,
)
console.log(`on / off: ${(observed / bare).toFixed(3)}`)
const partsBare = median(parts.bare)
const partsMetered = median(parts.metered)
console.log(`provider parts timed:   ${partsBare.toFixed(1)} ms`)
console.log(
  `provider parts metered: ${partsMetered.toFixed(1)} ms (+${(((partsMetered - partsBare) * 1000) / TOKENS).toFixed(2)} µs/token)`,
)
