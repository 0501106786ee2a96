import type { MockScenarioInput, SluiceClient } from '@sluice/client'
import { mockText } from '@sluice/mock-provider'
import { act, render, screen, waitFor } from '@testing-library/react'
import { memo } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type FrameScheduler, type SluiceStreamHandle, useSluiceStream } from '../src/index.js'
import { renderStreamed, request, StreamView, testClient } from './helpers.js'

/** A thousand tokens at about a thousand a second. */
const FAST = { seed: 9, tokens: 1000, tokenDelayMs: 1 }

/** Frames the test runs by hand. */
function manualFrames() {
  const pending = new Set<() => void>()
  const schedule: FrameScheduler = (flush) => {
    pending.add(flush)
    return () => pending.delete(flush)
  }
  const runFrame = () => {
    const flushes = [...pending]
    pending.clear()
    for (const flush of flushes) flush()
  }
  return { schedule, runFrame, pending: () => pending.size }
}

const ToolCallCount = memo(function ToolCallCount({
  toolCalls,
  renders,
}: {
  toolCalls: SluiceStreamHandle['toolCalls']
  renders: { toolCalls: number }
}) {
  renders.toolCalls++
  return <p>{toolCalls.length}</p>
})

function ChatWithToolCalls({
  client,
  scenario,
  renders,
}: {
  client: SluiceClient
  scenario: MockScenarioInput
  renders: { chat: number; toolCalls: number }
}) {
  const handle = useSluiceStream(client, { request: request(scenario), batch: 'sync' })
  renders.chat++
  return (
    <>
      <StreamView handle={handle} />
      <ToolCallCount toolCalls={handle.toolCalls} renders={renders} />
    </>
  )
}

describe('frame batching', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('renders at most once per animation frame for a stream of 1,000 tokens a second', async () => {
    // happy-dom runs animation frames as soon as it can; a 60 Hz display runs one per 16 ms.
    let frames = 0
    const countedFrames: FrameScheduler = (flush) => {
      const handle = setTimeout(() => {
        frames++
        flush()
      }, 16)
      return () => clearTimeout(handle)
    }
    const { client } = testClient()
    const { renders } = renderStreamed(client, { request: request(FAST), batch: countedFrames })
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'), {
      timeout: 20_000,
    })
    expect(screen.getByTestId('text').textContent).toBe(mockText({ ...FAST, json: false }))
    // The first render, the stream's first state (shown at once), then one per frame at most.
    expect(renders.all.length).toBeLessThanOrEqual(2 + frames)
  })

  it('batches to animation frames by default', async () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
      frames.push(callback),
    )
    const scenario = { seed: 3, tokens: 20, tokenDelayMs: 0 }
    const { client } = testClient()
    const { renders } = renderStreamed(client, { request: request(scenario) })
    await renders.latest().stream?.result
    expect(renders.all.length).toBe(2)
    expect(renders.latest().status).toBe('connecting')

    act(() => {
      for (const frame of frames.splice(0)) frame(0)
    })
    expect(renders.all.length).toBe(3)
    expect(renders.latest().text).toBe(mockText({ ...scenario, json: false }))
  })

  it('a frame shows everything that arrived since the previous one, in one render', async () => {
    const frames = manualFrames()
    const scenario = { seed: 2, tokens: 50, tokenDelayMs: 0 }
    const { client } = testClient()
    const { renders } = renderStreamed(client, {
      request: request(scenario),
      batch: frames.schedule,
    })
    await renders.latest().stream?.result
    // The whole stream arrived, but no frame ran: the page still shows the first state.
    expect(renders.all.length).toBe(2)
    expect(renders.latest().status).toBe('connecting')
    expect(frames.pending()).toBe(1)

    act(() => frames.runFrame())
    expect(renders.all.length).toBe(3)
    expect(renders.latest().status).toBe('done')
    expect(renders.latest().text).toBe(mockText({ ...scenario, json: false }))

    act(() => frames.runFrame())
    expect(renders.all.length).toBe(3)
  })

  it('memoised children of unchanged parts do not re-render while text streams', async () => {
    const scenario = { seed: 4, tokens: 60, tokenDelayMs: 1 }
    const { client } = testClient()
    const renders = { chat: 0, toolCalls: 0 }
    render(<ChatWithToolCalls client={client} scenario={scenario} renders={renders} />)
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))
    expect(renders.chat).toBeGreaterThan(scenario.tokens)
    // Idle, then the stream's (empty) list; a finished stream with no tool calls lists them anew.
    expect(renders.toolCalls).toBeLessThanOrEqual(3)
  })
})
