/**
 * Renders and render time of a page showing a fast stream: the same streams from the reference
 * server on the mock provider, shown by `useSluiceStream` with updates batched to frames (a 60 Hz
 * display simulated by a 16 ms timer; happy-dom runs animation frames as fast as it can) and,
 * as the baseline, with `batch: 'sync'`, a render per event as per-token hooks do. The answer
 * is rendered one element per word, so each render costs more as the text grows, as with a
 * markdown renderer. React's `Profiler` (the profiling build, production mode) sums the time
 * spent rendering.
 */
import { GlobalRegistrator } from '@happy-dom/global-registrator'
import { createSluiceClient, type FetchLike, type SluiceClient } from '@sluice/client'
import { startTestServer } from '@sluice/test-utils'
import { Profiler } from 'react'
import type { FrameScheduler } from '../src/index.js'

// A DOM for React, but Node's own networking for the server and the client in this process:
// happy-dom's Request and Response would reach the server, and its fetch enforces CORS.
const NODE_NETWORKING = [
  'fetch',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
]
const saved = NODE_NETWORKING.map((name) => [name, Reflect.get(globalThis, name)] as const)
GlobalRegistrator.register({ url: 'http://localhost/' })
for (const [name, value] of saved) Reflect.set(globalThis, name, value)
const nodeFetch: FetchLike = globalThis.fetch.bind(globalThis)
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
// The profiling build: production React that still reports render times to `Profiler`.
const { createRoot } = await import('react-dom/profiling')
const { useSluiceStream } = await import('../src/index.js')

const SCENARIOS = [
  { name: '1,000 tokens at 1 ms', mock: { seed: 1, tokens: 1000, ttftMs: 0, tokenDelayMs: 1 } },
  { name: '4,000 tokens at 1 ms', mock: { seed: 2, tokens: 4000, ttftMs: 0, tokenDelayMs: 1 } },
]

const sixtyHertz: FrameScheduler = (flush) => {
  const handle = setTimeout(flush, 16)
  return () => clearTimeout(handle)
}

/** The answer one element per word, as a markdown renderer makes one per token: work grows with the text. */
function Words({ text }: { text: string }) {
  return (
    <p>
      {text.split(' ').map((word, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: words only append; their indexes are stable.
        <span key={index}>{word} </span>
      ))}
    </p>
  )
}

interface Run {
  renders: number
  renderMs: number
  wallMs: number
}

function Answer(props: {
  client: SluiceClient
  mock: object
  batch: 'sync' | FrameScheduler
  onDone: () => void
}) {
  const handle = useSluiceStream(props.client, {
    request: { messages: [{ role: 'user', content: 'hi' }], mock: props.mock },
    batch: props.batch,
  })
  if (handle.status === 'error') throw handle.error
  if (handle.status === 'done') setTimeout(props.onDone)
  return <Words text={handle.text} />
}

async function measure(baseUrl: string, mock: object, batch: 'sync' | FrameScheduler) {
  const client = createSluiceClient({ baseUrl, fetch: nodeFetch })
  const root = createRoot(document.createElement('div'))
  const run: Run = { renders: 0, renderMs: 0, wallMs: 0 }
  const started = performance.now()
  await new Promise<void>((resolve) => {
    root.render(
      <Profiler
        id="answer"
        onRender={(_id, _phase, actualMs) => {
          run.renders++
          run.renderMs += actualMs
        }}
      >
        <Answer client={client} mock={mock} batch={batch} onDone={resolve} />
      </Profiler>,
    )
  })
  run.wallMs = performance.now() - started
  root.unmount()
  return run
}

const server = await startTestServer()
// Warm-up, not reported: the first renders also pay for compiling React's code.
const warmUp = { seed: 3, tokens: 300, ttftMs: 0, tokenDelayMs: 0 }
await measure(server.url, warmUp, 'sync')
await measure(server.url, warmUp, sixtyHertz)
console.log('| stream | batching | renders | React render time | wall time |')
console.log('| --- | --- | --: | --: | --: |')
for (const { name, mock } of SCENARIOS) {
  const frames = await measure(server.url, mock, sixtyHertz)
  const sync = await measure(server.url, mock, 'sync')
  for (const [label, run] of [
    ['frames (60 Hz)', frames],
    ['sync (baseline)', sync],
  ] as const) {
    console.log(
      `| ${name} | ${label} | ${run.renders} | ${run.renderMs.toFixed(1)} ms | ${run.wallMs.toFixed(0)} ms |`,
    )
  }
  console.log(
    `| ${name} | ratio | ${(sync.renders / frames.renders).toFixed(1)}× fewer | ${(sync.renderMs / frames.renderMs).toFixed(1)}× less | |`,
  )
}
await server.close()
