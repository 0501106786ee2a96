/**
 * The cost of a partial value after every delta, on seeded structured-output documents of about
 * 1 KB to 1 MB cut into 1–8 character deltas: Sluice's incremental parser against re-parsing every
 * prefix with `partial-json`, with one `JSON.parse` of the whole document as the floor.
 *
 *   pnpm bench            (from the repository root, or in packages/client)
 *   node --conditions=@sluice/source --import tsx bench/partial-json.bench.ts [--samples 200]
 *     [--sizes 1000,10000]
 *
 * Re-parsing every prefix is quadratic: at 100 KB and 1 MB it would take minutes to tens of
 * minutes, so above FULL_RUN_LIMIT deltas it times a stratified sample of prefixes and scales
 * the sum, and says so in the table.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util'
import { mockJsonDocument, splitIntoDeltas } from '@sluice/mock-provider'
import { Allow, parse as parsePartialJson } from 'partial-json'
// The parser's own module, so the bench needs nothing else from the client.
import { PartialJsonParser } from '../src/json/index.js'
import { describeMachine, median, medianMs, sink, timeMs } from './measure.js'

const SEED = 1
/** Document sizes in UTF-8 bytes (compact JSON), as 1 KB = 1,000 bytes. */
const DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000]
/** Up to this many deltas, partial-json parses every prefix; above, a sample of them. */
const FULL_RUN_LIMIT = 5_000
const DEFAULT_SAMPLES = 200
const REPETITIONS = { floor: 31, sluice: 11, partialFull: 5, partialSampled: 3 } as const

interface Workload {
  size: number
  text: string
  deltas: string[]
}

interface PartialJsonTiming {
  ms: number
  /** Prefixes timed per repetition, and how many it stands for when sampled. */
  timed: number
  sampled: boolean
  /** Prefixes on which partial-json threw instead of returning a value. */
  threw: number
}

/** What the report needs of a document, so the document itself can be collected. */
interface DocumentStats {
  size: number
  bytes: number
  deltas: number
}

interface Row {
  doc: DocumentStats
  floorMs: number
  sluiceMs: number
  /** The same with `snapshots: false`: one live value updated in place. */
  sluiceLiveMs: number
  /** Where Sluice's time goes: the whole text in one push, and every delta without reading. */
  sluiceOnePushMs: number
  sluicePushOnlyMs: number
  partial: PartialJsonTiming
  /** At a size run in full, the sampled estimate too, to show the sampling's error. */
  sampledCheck?: PartialJsonTiming
}

/** A value after every delta: an immutable snapshot, or with `snapshots: false` the live value. */
function sluiceRun(deltas: readonly string[], snapshots = true): unknown {
  const parser = new PartialJsonParser({ snapshots })
  let latest: unknown
  for (const delta of deltas) {
    parser.push(delta)
    latest = parser.value
  }
  sink.value = latest
  return parser.end()
}

function sluicePushOnly(deltas: readonly string[]): unknown {
  const parser = new PartialJsonParser()
  for (const delta of deltas) parser.push(delta)
  return parser.end()
}

function partialJsonValue(prefix: string): boolean {
  try {
    sink.value = parsePartialJson(prefix, Allow.ALL)
    return true
  } catch {
    return false
  }
}

/** What an app does today: append the delta, re-parse the whole prefix. */
function partialJsonFull({ deltas }: Workload): PartialJsonTiming {
  let threw = 0
  const run = () => {
    threw = 0
    let prefix = ''
    for (const delta of deltas) {
      prefix += delta
      if (!partialJsonValue(prefix)) threw++
    }
  }
  const ms = median(Array.from({ length: REPETITIONS.partialFull }, () => timeMs(run)))
  return { ms, timed: deltas.length, sampled: false, threw }
}

/**
 * Stratified sampling: the deltas fall into `samples` equal strata; the prefix ending at each
 * stratum's middle delta is timed and stands for the whole stratum. The prefix is built as the
 * loop builds it (earlier text + the last delta), so the parse pays for flattening it too.
 */
function partialJsonSampled({ text, deltas }: Workload, samples: number): PartialJsonTiming {
  const starts: number[] = []
  let offset = 0
  for (const delta of deltas) {
    starts.push(offset)
    offset += delta.length
  }
  const strata = Math.min(samples, deltas.length)
  const picks = Array.from({ length: strata }, (_, i) => {
    const lo = Math.floor((i * deltas.length) / strata)
    const hi = Math.floor(((i + 1) * deltas.length) / strata)
    const at = lo + ((hi - lo) >> 1)
    return { start: starts[at] ?? 0, last: deltas[at] ?? '', weight: hi - lo }
  })
  let threw = 0
  const estimate = () => {
    threw = 0
    let total = 0
    for (const { start, last, weight } of picks) {
      const prefix = text.slice(0, start) + last
      let ok = true
      total += weight * timeMs(() => (ok = partialJsonValue(prefix)))
      if (!ok) threw++
    }
    return total
  }
  estimate() // warm-up
  const ms = median(Array.from({ length: REPETITIONS.partialSampled }, estimate))
  return { ms, timed: strata, sampled: true, threw: Math.round((threw * deltas.length) / strata) }
}

function measure(workload: Workload, samples: number): Row {
  const { text, deltas } = workload
  const expected = JSON.parse(text)
  if (!isDeepStrictEqual(sluiceRun(deltas), expected)) {
    throw new Error(`PartialJsonParser's final value differs from JSON.parse at ${workload.size}`)
  }
  const floorMs = medianMs(() => (sink.value = JSON.parse(text)), REPETITIONS.floor)
  if (!isDeepStrictEqual(sluiceRun(deltas, false), expected)) {
    throw new Error(`The live value's final value differs from JSON.parse at ${workload.size}`)
  }
  const sluiceMs = medianMs(() => (sink.value = sluiceRun(deltas)), REPETITIONS.sluice)
  const sluiceLiveMs = medianMs(() => (sink.value = sluiceRun(deltas, false)), REPETITIONS.sluice)
  const sluiceOnePushMs = medianMs(() => (sink.value = sluicePushOnly([text])), REPETITIONS.sluice)
  const sluicePushOnlyMs = medianMs(() => (sink.value = sluicePushOnly(deltas)), REPETITIONS.sluice)
  const full = deltas.length <= FULL_RUN_LIMIT
  const partial = full ? partialJsonFull(workload) : partialJsonSampled(workload, samples)
  const doc = { size: workload.size, bytes: utf8Bytes(text), deltas: deltas.length }
  const row: Row = {
    doc,
    floorMs,
    sluiceMs,
    sluiceLiveMs,
    sluiceOnePushMs,
    sluicePushOnlyMs,
    partial,
  }
  if (full && deltas.length > samples) row.sampledCheck = partialJsonSampled(workload, samples)
  return row
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length
const sizeLabel = (bytes: number) =>
  bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${bytes / 1_000} KB`
const count = (value: number) => Math.round(value).toLocaleString('en')
const ms = (value: number) =>
  value >= 100 ? count(value) : value >= 1 ? value.toFixed(2) : value.toFixed(4)
const ratio = (value: number) => (value >= 100 ? count(value) : value.toFixed(1))

function partialCell({ ms: total, sampled, timed }: PartialJsonTiming, deltas: number): string {
  return sampled ? `${ms(total)} (sampled ${timed}/${count(deltas)}, scaled)` : ms(total)
}

/** Issue 4's targets, where the sizes were measured. */
function goals(rows: readonly Row[]): string[] {
  const at = (size: number) => rows.find((row) => row.doc.size === size)
  const lines: string[] = []
  const medium = at(100_000)
  if (medium) {
    const value = medium.partial.ms / medium.sluiceMs
    lines.push(
      `- Goal at 100 KB: partial-json / Sluice ≥ 1,000. Measured ${ratio(value)}: ${value >= 1000 ? 'met' : 'NOT met'}.`,
    )
  }
  const large = at(1_000_000)
  if (large) {
    for (const [label, value] of [
      ['snapshots', large.sluiceMs / large.floorMs],
      ['live value', large.sluiceLiveMs / large.floorMs],
    ] as const) {
      lines.push(
        `- Goal at 1 MB: Sluice / JSON.parse ≤ 10. Measured with ${label} ${ratio(value)}: ${value <= 10 ? 'met' : 'NOT met'}.`,
      )
    }
  }
  return lines
}

function report(rows: readonly Row[], samples: number): string {
  const machine = describeMachine()
  const lines = [
    `Date: ${new Date().toISOString()}`,
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}, ${machine.platform}`,
    `Documents: mockJsonDocument(${SEED}, size), compact; deltas: splitIntoDeltas(text, ${SEED}), 1–8 characters, cut anywhere`,
    `Medians: JSON.parse of ${REPETITIONS.floor}, Sluice of ${REPETITIONS.sluice}, partial-json of ${REPETITIONS.partialFull} (full) or ${REPETITIONS.partialSampled} (sampled: ${samples} strata), after a warm-up`,
    '',
    '| size | bytes | deltas | JSON.parse ms | Sluice ms | Sluice live ms | partial-json ms | Sluice / JSON.parse | Sluice live / JSON.parse | partial-json / Sluice |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  for (const { doc, floorMs, sluiceMs, sluiceLiveMs, partial } of rows) {
    const n = doc.deltas
    lines.push(
      `| ${sizeLabel(doc.size)} | ${count(doc.bytes)} | ${count(n)} | ${ms(floorMs)} | ${ms(sluiceMs)} | ${ms(sluiceLiveMs)} | ${partialCell(partial, n)} | ${ratio(sluiceMs / floorMs)} | ${ratio(sluiceLiveMs / floorMs)} | ${ratio(partial.ms / sluiceMs)} |`,
    )
  }
  lines.push(
    '',
    'Where Sluice’s time goes (ms, and × JSON.parse):',
    '',
    '| size | whole text in one push | every delta, value not read | every delta, value read |',
    '|---|--:|--:|--:|',
  )
  for (const { doc, floorMs, sluiceOnePushMs, sluicePushOnlyMs, sluiceMs } of rows) {
    const cell = (value: number) => `${ms(value)} (${ratio(value / floorMs)}×)`
    lines.push(
      `| ${sizeLabel(doc.size)} | ${cell(sluiceOnePushMs)} | ${cell(sluicePushOnlyMs)} | ${cell(sluiceMs)} |`,
    )
  }
  lines.push('', ...goals(rows))
  for (const { doc, partial, sampledCheck } of rows) {
    if (partial.threw > 0) {
      lines.push(
        `- ${sizeLabel(doc.size)}: partial-json threw on ${count(partial.threw)} of ${count(doc.deltas)} prefixes${partial.sampled ? ' (scaled from the sample)' : ''}; those calls are timed too.`,
      )
    }
    if (sampledCheck) {
      const error = ((sampledCheck.ms - partial.ms) / partial.ms) * 100
      lines.push(
        `- ${sizeLabel(doc.size)}: sampling check: ${sampledCheck.timed} sampled prefixes estimate ${ms(sampledCheck.ms)} ms against ${ms(partial.ms)} ms measured in full (${error >= 0 ? '+' : ''}${error.toFixed(1)}%).`,
      )
    }
  }
  return lines.join('\n')
}

function workload(size: number): Workload {
  const text = mockJsonDocument(SEED, size)
  return { size, text, deltas: splitIntoDeltas(text, SEED) }
}

function main(): void {
  const { values } = parseArgs({
    options: { samples: { type: 'string' }, sizes: { type: 'string' } },
  })
  const samples = Number(values.samples ?? DEFAULT_SAMPLES)
  const sizes = values.sizes?.split(',').map(Number) ?? DEFAULT_SIZES
  // Warm-up: every code path compiled before anything is timed.
  const warm = workload(10_000)
  for (let i = 0; i < 3; i++) sluiceRun(warm.deltas)
  partialJsonSampled(warm, 20)
  const rows: Row[] = []
  // Each document is made just before it is measured, so a large one waiting its turn does not
  // weigh on the garbage collector while a small one is timed.
  for (const size of sizes) {
    process.stderr.write(`measuring ${sizeLabel(size)}…\n`)
    rows.push(measure(workload(size), samples))
  }
  console.log(report(rows, samples))
}

main()
