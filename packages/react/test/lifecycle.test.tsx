import { createSluiceClient } from '@sluice/client'
import { mockText } from '@sluice/mock-provider'
import { render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  baseUrl,
  modelCalls,
  Resumed,
  renderStreamed,
  request,
  Streamed,
  testClient,
} from './helpers.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Long enough to unmount in the middle. */
const SLOW = { seed: 7, tokens: 200, tokenDelayMs: 2 }

describe('under React rules', () => {
  it('strict mode double effects start one generation (one POST, the model called once)', async () => {
    const scenario = { seed: 1, tokens: 20, tokenDelayMs: 1 }
    const { client, methods } = testClient()
    const callsBefore = await modelCalls()
    const start = vi.spyOn(client, 'start')
    render(
      <StrictMode>
        <Streamed client={client} options={{ request: request(scenario) }} />
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'))
    expect(screen.getByTestId('text').textContent).toBe(mockText({ ...scenario, json: false }))
    expect(start).toHaveBeenCalledOnce()
    expect(methods).toEqual(['POST'])
    expect(await modelCalls()).toBe(callsBefore + 1)
  })

  it('unmount mid-stream stops reading, leaves the generation running, and updates nothing after', async () => {
    const { client } = testClient()
    const onFinish = vi.fn()
    const onError = vi.fn()
    const { unmount, renders } = renderStreamed(client, {
      request: request(SLOW),
      onFinish,
      onError,
    })
    await waitFor(() => expect(renders.latest().text.length).toBeGreaterThan(0))
    const stream = renders.latest().stream
    unmount()
    const rendersAtUnmount = renders.all.length

    await expect(stream?.result).rejects.toMatchObject({ code: 'aborted' })
    expect(stream?.getSnapshot()).toMatchObject({ status: 'error', resumable: true })
    expect(renders.all.length).toBe(rendersAtUnmount)
    expect(onFinish).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled()
    // The generation ran on: reading it again from the cursor gets the whole text.
    const cursor = stream?.cursor
    if (!cursor) throw new Error('the stream was never named')
    const rest = await client.resume(cursor, { text: stream.text }).result
    expect(rest).toMatchObject({ text: mockText({ ...SLOW, json: false }), finishReason: 'stop' })
  })

  it('cancelOnUnmount stops the generation, which ends cancelled', async () => {
    const { client } = testClient()
    const { unmount, renders } = renderStreamed(client, {
      request: request(SLOW),
      cancelOnUnmount: true,
    })
    await waitFor(() => expect(renders.latest().text.length).toBeGreaterThan(0))
    const stream = renders.latest().stream
    unmount()

    const result = await stream?.result
    expect(result?.finishReason).toBe('cancelled')
    expect(result?.text.length).toBeLessThan(mockText({ ...SLOW, json: false }).length)
  })

  it('server-side rendering shows idle and touches neither fetch nor storage', () => {
    const fetch = vi.fn<typeof globalThis.fetch>()
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    // The default store: sessionStorage, which the page has here.
    const client = createSluiceClient({ baseUrl: baseUrl(), fetch })
    const html = renderToString(
      <>
        <Streamed client={client} options={{ request: request(SLOW), persistKey: 'ssr' }} />
        <Resumed client={client} persistKey="ssr" />
      </>,
    )
    expect(html.match(/data-testid="status">(\w+)</g)).toEqual([
      'data-testid="status">idle<',
      'data-testid="status">idle<',
    ])
    expect(fetch).not.toHaveBeenCalled()
    expect(getItem).not.toHaveBeenCalled()
  })
})
