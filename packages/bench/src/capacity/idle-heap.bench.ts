import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { flag } from '../cli.js'
import { formatNumber } from '../stats.js'
import { LoadRun, warmUp } from './load-run.js'
import { ServerHandle } from './server-handle.js'
import type { ServerKind } from './server-process.js'

/**
 * What one idle stream holds on the server, by kind of object: heap snapshots of a server
 * before and after `--streams` streams that wait for their first token, and the objects new in
 * the second (V8 keeps an object's snapshot id), per stream.
 */
const kind = flag('kind', 'sluice') as ServerKind
const streams = Number(flag('streams', '1000'))
const rows = Number(flag('rows', '30'))
const built = flag('from', 'dist') === 'dist'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
  nodes: number[]
  strings: string[]
}

/** Snapshot node ids, and the self sizes of the nodes not in `known`, by type and name. */
function readSnapshot(path: string, known?: Set<number>) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(path, 'utf8')) as Snapshot
  const fields = snapshot.meta.node_fields
  const [type, name, id, size] = ['type', 'name', 'id', 'self_size'].map((f) => fields.indexOf(f))
  const types = snapshot.meta.node_types[0]
  const ids = new Set<number>()
  const added = new Map<string, { count: number; bytes: number }>()
  for (let at = 0; at < nodes.length; at += fields.length) {
    const nodeId = nodes[at + (id as number)] as number
    ids.add(nodeId)
    if (!known || known.has(nodeId)) continue
    const nodeType = types[nodes[at + (type as number)] as number] ?? '?'
    // Strings are named by their text: one row for them all.
    const label = nodeType.includes('string')
      ? '(strings)'
      : `${nodeType}: ${strings[nodes[at + (name as number)] as number]?.slice(0, 50)}`
    const row = added.get(label) ?? { count: 0, bytes: 0 }
    row.count++
    row.bytes += nodes[at + (size as number)] as number
    added.set(label, row)
  }
  return { ids, added }
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-idle-heap-'))
const server = await ServerHandle.start(kind, { built })
await warmUp(server.url)
await server.heapSnapshot(join(dir, 'before.heapsnapshot'))
const idle = new LoadRun({
  url: server.url,
  clockOffsetMs: server.clockOffsetMs,
  streams,
  rampMs: Math.min(5000, streams),
  tokens: 1,
  ttftMs: 600_000,
  tokenDelayMs: 50,
})
const deadline = performance.now() + 30_000
while (idle.connected < streams && performance.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 200))
}
await server.heapSnapshot(join(dir, 'after.heapsnapshot'))
const open = idle.connected
idle.close()
await server.stop()

const { ids } = readSnapshot(join(dir, 'before.heapsnapshot'))
const { added } = readSnapshot(join(dir, 'after.heapsnapshot'), ids)
const total = [...added.values()].reduce((sum, row) => sum + row.bytes, 0)
console.log(`## Heap of one idle ${kind} stream, ${new Date().toISOString()}`)
console.log(`${formatNumber(open)} idle streams; snapshots in ${dir}`)
console.log(
  `\n${formatNumber(total / open)} bytes a stream in objects new in the second snapshot\n`,
)
console.log('| object (snapshot type: name) | per stream | bytes / stream |')
console.log('| --- | ---: | ---: |')
for (const [label, row] of [...added].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, rows)) {
  console.log(
    `| ${label.replaceAll('|', '\\|')} | ${formatNumber(row.count / open, 2)} | ${formatNumber(row.bytes / open)} |`,
  )
}
