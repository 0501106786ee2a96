import { mockText, mockToolCalls } from '@sluice/mock-provider'
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderStreamed, request, testClient } from './helpers.js'

describe('useSluiceStream against the reference server on the mock provider', () => {
  it('renders the text as it streams, then done with the result and metrics', async () => {
    const scenario = { seed: 3, tokens: 40, tokenDelayMs: 1 }
    const { client } = testClient()
    const { renders } = renderStreamed(client, { request: request(scenario) })
    expect(screen.getByTestId('status').textContent).toBe('connecting')
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))

    const text = mockText({ ...scenario, json: false })
    expect(screen.getByTestId('text').textContent).toBe(text)
    const last = renders.latest()
    expect(last.result).toMatchObject({ text, finishReason: 'stop' })
    expect(last.metrics).toMatchObject({ tokens: 40, reconnects: 0, duplicatesDropped: 0 })
    expect(last.metrics.timeToFirstTokenMs).toBeGreaterThanOrEqual(0)
    expect(last.metrics.meanInterTokenMs).toBeGreaterThanOrEqual(0)
  })

  it('renders a JSON response growing, with its completed paths, and tool calls with their arguments', async () => {
    const scenario = { seed: 5, tokens: 30, tokenDelayMs: 1, json: true, toolCalls: 1 }
    const { client } = testClient()
    const { renders } = renderStreamed(client, {
      request: { ...request(scenario), responseFormat: { type: 'json' } },
      batch: 'sync',
    })
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))

    const final = renders.latest()
    const document = JSON.parse(mockText(scenario))
    expect(final.json?.value).toEqual(document)
    expect(final.json?.done).toBe(true)
    expect(final.json?.isComplete([])).toBe(true)
    const [call] = mockToolCalls(scenario)
    expect(final.toolCalls).toEqual([
      { toolCallId: call?.toolCallId, name: call?.name, args: JSON.parse(call?.argsText ?? '') },
    ])
    // Partial states came before: a value that was not yet complete.
    expect(
      renders.all.some((handle) => handle.json?.value !== undefined && !handle.json.done),
    ).toBe(true)
  })
})
