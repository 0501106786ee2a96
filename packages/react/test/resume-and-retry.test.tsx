import { memoryCursorStore } from '@sluice/client'
import { mockText } from '@sluice/mock-provider'
import { chaosFetch, faultsInOrder } from '@sluice/test-utils'
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { modelCalls, renderResumed, renderStreamed, request, testClient } from './helpers.js'

const SLOW = { seed: 8, tokens: 150, tokenDelayMs: 2 }

describe('useResumedStream', () => {
  it('continues a persisted stream after a simulated reload, with the text exact and one generation', async () => {
    const storage = memoryCursorStore()
    const callsBefore = await modelCalls()
    const before = testClient({ cursorStore: storage })
    const page = renderStreamed(before.client, { request: request(SLOW), persistKey: 'chat' })
    await waitFor(() => expect(page.renders.latest().text.length).toBeGreaterThan(0))
    // The reload: the page and its client are gone, the session's storage stays.
    page.unmount()
    const first = page.renders.latest().stream
    await first?.result.catch(() => {})
    const shownBefore = first?.text ?? ''

    const after = testClient({ cursorStore: storage })
    const { renders } = renderResumed(after.client, 'chat')
    expect(renders.latest().text.startsWith(shownBefore)).toBe(true)
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))

    expect(screen.getByTestId('text').textContent).toBe(mockText({ ...SLOW, json: false }))
    expect(after.methods).toEqual(['GET'])
    expect(await modelCalls()).toBe(callsBefore + 1)
    expect(storage.load('chat')).toBeUndefined()
  })

  it('a new start under the same persist key drops the state of the stream it replaces', async () => {
    const storage = memoryCursorStore()
    const { client } = testClient({ cursorStore: storage })
    const { renders } = renderStreamed(client, { request: request(SLOW), persistKey: 'chat' })
    await waitFor(() => expect(renders.latest().text.length).toBeGreaterThan(0))
    const replaced = renders.latest().stream
    expect(storage.load('chat')).toMatchObject({ streamId: replaced?.cursor?.streamId })

    act(() => renders.latest().start(request({ ...SLOW, seed: 9 })))
    // Until the new stream is named, a reload finds nothing to resume rather than the old one.
    expect(storage.load('chat')).toBeUndefined()
    await expect(replaced?.result).rejects.toMatchObject({ code: 'aborted' })
    renders.latest().abort()
  })

  it('is idle and sends nothing when nothing is persisted', () => {
    const { client, methods } = testClient()
    renderResumed(client, 'nothing-here')
    expect(screen.getByTestId('status').textContent).toBe('idle')
    expect(methods).toEqual([])
  })
})

describe('errors and retry()', () => {
  it('a model failure is an error state; retry() starts the request again', async () => {
    const scenario = { seed: 6, tokens: 20, tokenDelayMs: 1, failAt: 5 }
    const { client, methods } = testClient()
    const callsBefore = await modelCalls()
    const { renders } = renderStreamed(client, { request: request(scenario) })
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error'))
    expect(renders.latest().error).toMatchObject({
      code: 'stream-error',
      streamCode: 'upstream-error',
    })
    expect(renders.latest().resumable).toBe(false)
    expect(renders.latest().text).toBe(mockText({ ...scenario, json: false, tokens: 5 }))

    act(() => renders.latest().retry())
    expect(screen.getByTestId('status').textContent).toBe('connecting')
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error'))
    expect(methods).toEqual(['POST', 'POST'])
    expect(await modelCalls()).toBe(callsBefore + 2)
  })

  it('a connection lost for good is a resumable error; retry() reads on from the cursor, the text exact', async () => {
    const scenario = { seed: 12, tokens: 60, tokenDelayMs: 1 }
    const cutting = chaosFetch({
      plan: faultsInOrder({ kind: 'cut-after-events', events: 10 }),
      fetch: (input, init) => window.fetch(input, init),
    })
    const { client } = testClient({ fetch: cutting.fetch, retry: { maxAttempts: 0 } })
    const callsBefore = await modelCalls()
    const { renders } = renderStreamed(client, { request: request(scenario) })
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('network-error'))
    expect(renders.latest().resumable).toBe(true)
    expect(renders.latest().cursor?.lastSeq).toBe(10)

    act(() => renders.latest().retry())
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))
    expect(renders.latest().text).toBe(mockText({ ...scenario, json: false }))
    expect(cutting.requests.map((r) => r.method)).toEqual(['POST', 'GET'])
    expect(await modelCalls()).toBe(callsBefore + 1)
  })

  it('retry() of a persisted JSON stream resumes it still parsing JSON', async () => {
    const scenario = { seed: 13, tokens: 40, tokenDelayMs: 1, json: true }
    const cutting = chaosFetch({
      plan: faultsInOrder({ kind: 'cut-after-events', events: 12 }),
      fetch: (input, init) => window.fetch(input, init),
    })
    const { client } = testClient({ fetch: cutting.fetch, retry: { maxAttempts: 0 } })
    const { renders } = renderStreamed(client, {
      request: { ...request(scenario), responseFormat: { type: 'json' } },
      persistKey: 'json-chat',
    })
    await waitFor(() => expect(renders.latest().error).toMatchObject({ code: 'network-error' }))

    act(() => renders.latest().retry())
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))
    expect(renders.latest().json?.value).toEqual(JSON.parse(mockText(scenario)))
    expect(renders.latest().json?.done).toBe(true)
    expect(cutting.requests.map((r) => r.method)).toEqual(['POST', 'GET'])
  })
})
