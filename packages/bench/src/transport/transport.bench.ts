import { flag } from '../cli.js'
import { benchHeading } from '../heading.js'
import { formatNumber, median } from '../stats.js'
import { type Contender, contenders, PARSER_FLOOR } from './contenders.js'
import { servePayload } from './payload-server.js'
import { bodyOf, chunksOf, SSE_HEADERS, tokenStreamBytes } from './token-stream.js'

const tokens = Number(flag('tokens', '20000'))
const repetitions = Number(flag('repetitions', '9'))
const only = flag('only', '')
const { bytes, events } = tokenStreamBytes(tokens)

interface Setup {
  name: string
  fetch: typeof fetch
  url: string
}

/** In-process: a Response over a ReadableStream of `size`-byte chunks, no network. */
function inProcess(size: number): Setup {
  const chunks = chunksOf(bytes, size)
  const fetchChunks = (async () =>
    new Response(bodyOf(chunks), { headers: SSE_HEADERS })) as unknown as typeof fetch
  return { name: `in-process, ${size} B chunks`, fetch: fetchChunks, url: 'http://bench.invalid' }
}

async function timeOnce(contender: Contender, setup: Setup): Promise<number> {
  const start = process.hrtime.bigint()
  const parsed = await contender(setup.fetch, setup.url)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (parsed !== 0 && parsed !== events) throw new Error(`parsed ${parsed} of ${events} events`)
  return ms
}

/** Median ms per contender, the contenders interleaved so that noise hits them alike. */
async function measure(setup: Setup): Promise<Map<string, number>> {
  const names = Object.keys(contenders).filter((name) => !only || name.includes(only))
  const samples = new Map(names.map((name) => [name, [] as number[]]))
  for (let round = -1; round < repetitions; round++) {
    for (const name of names) {
      const ms = await timeOnce(contenders[name] as Contender, setup)
      if (round >= 0) samples.get(name)?.push(ms)
    }
  }
  return new Map(names.map((name) => [name, median(samples.get(name) ?? [])]))
}

function printTable(setup: Setup, results: Map<string, number>): void {
  const floor = results.get(PARSER_FLOOR) ?? Number.NaN
  console.log(`\n### ${setup.name}\n`)
  console.log('| reader | median ms | events/s | MB/s | time / createParser floor |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const [name, ms] of results) {
    const perSecond = 1000 / ms
    console.log(
      `| ${name} | ${formatNumber(ms, 2)} | ${formatNumber(events * perSecond)} | ${formatNumber((bytes.length / 1e6) * perSecond, 1)} | ${formatNumber(ms / floor, 2)} |`,
    )
  }
}

console.log(benchHeading('Client transport'))
console.log(
  `${formatNumber(events)} events, ${formatNumber(bytes.length)} bytes; medians of ${repetitions} interleaved runs after one warm-up`,
)
for (const setup of [inProcess(16 * 1024), inProcess(16)]) printTable(setup, await measure(setup))
const { url, server } = await servePayload(bytes)
const loopback: Setup = { name: 'end to end, loopback HTTP (Node fetch)', fetch, url }
printTable(loopback, await measure(loopback))
server.close()
