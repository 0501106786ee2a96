import {
  type CreateStreamRequest,
  createSluiceClient,
  type MockScenarioInput,
  memoryCursorStore,
  type SluiceClient,
  type SluiceClientOptions,
} from '@sluice/client'
import { fetchMockStats } from '@sluice/test-utils'
import { cleanup, render } from '@testing-library/react'
import { afterEach, inject } from 'vitest'
import {
  type SluiceStreamHandle,
  type StreamControllerOptions,
  type UseSluiceStreamOptions,
  useResumedStream,
  useSluiceStream,
} from '../src/index.js'

afterEach(cleanup)

export const baseUrl = () => inject('reactSluiceUrl')

/** A client of the test server through the page's own fetch, recording each request's method. */
export function testClient(options: Partial<SluiceClientOptions> = {}) {
  const methods: string[] = []
  const client = createSluiceClient({
    baseUrl: baseUrl(),
    retry: { initialDelayMs: 1 },
    cursorStore: memoryCursorStore(),
    fetch: (input, init) => {
      methods.push(init.method ?? 'GET')
      return window.fetch(input, init)
    },
    ...options,
  })
  return { client, methods }
}

export function request(mock: MockScenarioInput): CreateStreamRequest {
  return { messages: [{ role: 'user', content: 'hi' }], mock: { ttftMs: 0, ...mock } }
}

/** How many times the mock model has been called so far. */
export async function modelCalls(): Promise<number> {
  return (await fetchMockStats(baseUrl())).calls
}

/** Shows a stream's status, text and error code. */
export function StreamView({ handle }: { handle: SluiceStreamHandle }) {
  return (
    <div>
      <p data-testid="status">{handle.status}</p>
      <p data-testid="text">{handle.text}</p>
      <p data-testid="error">{handle.error ? (handle.error as { code?: string }).code : ''}</p>
    </div>
  )
}

interface HookProps {
  client: SluiceClient
  /** Called at every render with what the hook returned. */
  onRender?: (handle: SluiceStreamHandle) => void
}

/** A component on `useSluiceStream`. */
export function Streamed({
  client,
  options,
  onRender,
}: HookProps & { options: UseSluiceStreamOptions }) {
  const handle = useSluiceStream(client, options)
  onRender?.(handle)
  return <StreamView handle={handle} />
}

/** A component on `useResumedStream`. */
export function Resumed({
  client,
  persistKey,
  options,
  onRender,
}: HookProps & { persistKey: string; options?: StreamControllerOptions }) {
  const handle = useResumedStream(client, persistKey, options)
  onRender?.(handle)
  return <StreamView handle={handle} />
}

/** What a rendered hook returned, render by render. */
export interface Renders {
  all: SluiceStreamHandle[]
  /** The latest (throws before the first render). */
  latest(): SluiceStreamHandle
}

export interface Rendered {
  unmount(): void
  renders: Renders
}

function recorder(): Renders & { record: (handle: SluiceStreamHandle) => void } {
  const all: SluiceStreamHandle[] = []
  return {
    all,
    record: (handle) => all.push(handle),
    latest: () => {
      const handle = all.at(-1)
      if (!handle) throw new Error('not rendered yet')
      return handle
    },
  }
}

/** Renders `Streamed`, recording what the hook returned at each render. */
export function renderStreamed(client: SluiceClient, options: UseSluiceStreamOptions): Rendered {
  const renders = recorder()
  const page = render(<Streamed client={client} options={options} onRender={renders.record} />)
  return { unmount: page.unmount, renders }
}

/** Renders `Resumed`, recording what the hook returned at each render. */
export function renderResumed(client: SluiceClient, persistKey: string): Rendered {
  const renders = recorder()
  const page = render(<Resumed client={client} persistKey={persistKey} onRender={renders.record} />)
  return { unmount: page.unmount, renders }
}
