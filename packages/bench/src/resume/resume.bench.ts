import { createSluiceClient, type StreamCursor } from '@sluice/client'
import { createRandom } from '@sluice/mock-provider'
import { Header, Path } from '@sluice/protocol'
import { startTestRedis, type TestRedis } from '@sluice/test-utils'
import { ServerHandle } from '../capacity/server-handle.js'
import { flag } from '../cli.js'
import { benchHeading } from '../heading.js'
import { formatNumber, quantiles } from '../stats.js'

/** The logs measured, in one run: `memory`, `redis` (a throwaway redis-server on loopback). */
const storeNames = flag('store', 'memory,redis').split(',')
const streams = Number(flag('streams', '50'))
const tokens = Number(flag('tokens', '200'))
const resumes = Number(flag('resumes', '2000'))
const warmUp = Math.min(200, resumes)

/** Finished streams of `tokens` tokens each, read to their end; their cursors without a seq. */
async function fillLog(url: string): Promise<Omit<StreamCursor, 'lastSeq'>[]> {
  const cursors = []
  for (let seed = 1; seed <= streams; seed++) {
    const response = await fetch(url + Path.streams, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [{ role: 'user', content: 'bench' }],
        mock: { seed, tokens, ttftMs: 0, tokenDelayMs: 0 },
      }),
    })
    await response.text()
    const streamId = response.headers.get(Header.streamId)
    const resumeToken = response.headers.get(Header.resumeToken)
    if (!streamId || !resumeToken) throw new Error(`no stream id in answer ${response.status}`)
    cursors.push({ streamId, resumeToken })
  }
  return cursors
}

/** Ms from `client.resume()` to the first replayed event reaching the application. */
function timeResume(baseUrl: string, cursor: StreamCursor): Promise<number> {
  const client = createSluiceClient({ baseUrl })
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const stream = client.resume(cursor, {
      onEvent: (event) => {
        if (event.seq !== cursor.lastSeq + 1) reject(new Error(`replayed ${event.seq} first`))
        resolve(performance.now() - start)
        stream.abort()
      },
    })
    stream.result.catch((error: { code?: string }) => {
      if (error.code !== 'aborted') reject(error)
    })
  })
}

const random = createRandom(1, 'resume-bench')
// Every event of a stream is seq 1 (stream-start) to tokens + 2 (stream-end).
const lastSeqs = {
  'from the start': () => 1,
  'at random': () => 1 + Math.floor(random() * (tokens + 1)),
}
const results: string[] = []

async function measure(storeName: string): Promise<void> {
  const server = await ServerHandle.start('sluice', { store: storeName })
  const cursors = await fillLog(server.url)
  for (const [where, lastSeq] of Object.entries(lastSeqs)) {
    const latencies: number[] = []
    for (let i = 0; i < resumes + warmUp; i++) {
      const cursor = { ...(cursors[i % cursors.length] as StreamCursor), lastSeq: lastSeq() }
      const ms = await timeResume(server.url, cursor)
      if (i >= warmUp) latencies.push(ms)
    }
    const [p50, p99, max] = quantiles(latencies, [0.5, 0.99, 1]).map((ms) => formatNumber(ms, 2))
    results.push(
      `| ${storeName} | ${where} | ${formatNumber(resumes)} | ${p50} | ${p99} | ${max} |`,
    )
  }
  await server.stop()
}

let redis: TestRedis | undefined
if (storeNames.includes('redis') && !process.env.REDIS_URL) {
  redis = await startTestRedis()
  process.env.REDIS_URL = redis.url // the forked server inherits it
}
try {
  for (const storeName of storeNames) await measure(storeName)
} finally {
  await redis?.stop()
}

console.log(benchHeading('Resume'))
console.log(
  `${streams} finished streams of ${tokens} tokens in the log; sequential resumes after ${warmUp} warm-up ones\n`,
)
console.log('| store | cursor | resumes | p50 ms | p99 ms | max ms |')
console.log('| --- | --- | ---: | ---: | ---: | ---: |')
for (const row of results) console.log(row)
