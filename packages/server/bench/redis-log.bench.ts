// `pnpm bench` (in packages/server): the Redis log against the memory log, in one run.
// Appends per second (one awaited append per event, and batched behind the one in flight as
// producers do), end-to-end tokens per second through the real server, and the Redis memory a
// stored stream takes. Needs `redis-server` on PATH; starts its own on a free loopback port.
import { cpus } from 'node:os'
import { Redis } from 'ioredis'
// A leaf file of the test helpers (Node built-ins only): @sluice/test-utils depends on this package.
import { startTestRedis } from '../../test-utils/src/redis-server.js'
import { AppendBatcher } from '../src/append-batcher.js'
import { startNodeServer } from '../src/node.js'
import { MemoryStreamStore } from '../src/store/memory-store.js'
import { RedisStreamStore } from '../src/store/redis/redis-store.js'
import type { StreamStore } from '../src/store/stream-store.js'

const STREAMS = 20
const EVENTS_PER_STREAM = 1_000
const E2E_STREAMS = 20
const E2E_TOKENS = 1_000
const ROUNDS = 3

let streamCounter = 0
const newStream = async (store: StreamStore) => {
  const streamId = `str_bench${++streamCounter}`
  await store.create({
    streamId,
    resumeToken: 't',
    provider: 'mock',
    model: 'mock-1',
    createdAt: new Date().toISOString(),
  })
  return streamId
}
const frame = (seq: number) => `id: ${seq}\nevent: text-delta\ndata: {"text":" token"}\n\n`

/** Appends per second over STREAMS streams written at once. */
async function appendsPerSecond(store: StreamStore, batched: boolean): Promise<number> {
  const ids = await Promise.all(Array.from({ length: STREAMS }, () => newStream(store)))
  const start = performance.now()
  await Promise.all(
    ids.map(async (streamId) => {
      if (batched) {
        const log = new AppendBatcher(store, streamId, 0)
        for (let i = 0; i < EVENTS_PER_STREAM; i++) {
          // As producers do: wait only when the batcher's queue is full.
          const full = log.push({ type: 'text-delta', data: { text: ' token' } })
          if (full) await full
        }
        await log.drain()
        return
      }
      for (let seq = 1; seq <= EVENTS_PER_STREAM; seq++) {
        await store.append(streamId, [{ seq, frame: frame(seq), terminal: false }])
      }
    }),
  )
  return (STREAMS * EVENTS_PER_STREAM) / ((performance.now() - start) / 1000)
}

/** Tokens per second through POST → producer → log → SSE reader, E2E_STREAMS streams at once. */
async function tokensPerSecond(store: StreamStore): Promise<number> {
  const server = await startNodeServer({ store, port: 0 })
  try {
    const start = performance.now()
    await Promise.all(
      Array.from({ length: E2E_STREAMS }, async (_, index) => {
        const response = await fetch(`${server.url}/v1/streams`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            messages: [{ role: 'user', content: 'bench' }],
            mock: { seed: index + 1, tokens: E2E_TOKENS, ttftMs: 0, tokenDelayMs: 0 },
          }),
        })
        const body = await response.text()
        if (!body.includes('event: stream-end')) throw new Error('a stream did not end')
      }),
    )
    return (E2E_STREAMS * E2E_TOKENS) / ((performance.now() - start) / 1000)
  } finally {
    await server.close()
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0
async function medianOf(run: () => Promise<number>): Promise<number> {
  await run() // warm-up
  const results: number[] = []
  for (let i = 0; i < ROUNDS; i++) results.push(await run())
  return median(results)
}

const redis = await startTestRedis()
const inspector = new Redis(redis.url)
const redisStore = () => new RedisStreamStore({ url: redis.url })
try {
  const memory = new MemoryStreamStore()
  const shared = redisStore()
  const rows: [string, number, number][] = []
  for (const batched of [false, true]) {
    const label = batched
      ? 'appends/s, batched (AppendBatcher)'
      : 'appends/s, one awaited append per event'
    rows.push([
      label,
      await medianOf(() => appendsPerSecond(memory, batched)),
      await medianOf(() => appendsPerSecond(shared, batched)),
    ])
  }
  await memory.close()
  await shared.close()
  rows.push([
    'end-to-end tokens/s',
    await medianOf(() => tokensPerSecond(new MemoryStreamStore())),
    await medianOf(() => tokensPerSecond(redisStore())),
  ])

  // Memory per stored stream: what the last end-to-end round left in Redis (ended streams).
  await inspector.flushall()
  const before = Number((await inspector.info('memory')).match(/used_memory:(\d+)/)?.[1])
  await tokensPerSecond(redisStore())
  const after = Number((await inspector.info('memory')).match(/used_memory:(\d+)/)?.[1])
  const perStream = (after - before) / E2E_STREAMS

  console.log(`Machine: ${cpus().length} CPUs, ${cpus()[0]?.model}, Node ${process.version}`)
  console.log(
    `${STREAMS} streams × ${EVENTS_PER_STREAM} appends; end-to-end ${E2E_STREAMS} streams × ${E2E_TOKENS} tokens; median of ${ROUNDS} after a warm-up\n`,
  )
  console.log('| measure | memory log | Redis log | Redis / memory |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const [label, mem, red] of rows) {
    console.log(
      `| ${label} | ${Math.round(mem).toLocaleString('en')} | ${Math.round(red).toLocaleString('en')} | ${(red / mem).toFixed(2)} |`,
    )
  }
  console.log(
    `\nRedis memory per stored stream of ${E2E_TOKENS} tokens (+ start and end events): ${Math.round(perStream).toLocaleString('en')} bytes (${(perStream / (E2E_TOKENS + 2)).toFixed(1)} bytes per event)`,
  )
} finally {
  inspector.disconnect()
  await redis.stop()
}
