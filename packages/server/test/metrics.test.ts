import { createMockProvider } from '@sluice/mock-provider'
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningServer, startNodeServer } from '../src/node.js'
import { type PostStreamInit, postStream, startStream } from './helpers/post-stream.js'
import { parsePrometheus, sample } from './helpers/prometheus.js'

let server: RunningServer
afterEach(() => server?.close())

const mock = createMockProvider()
const model = mock.defaultModel
const streamLabels = `{provider="mock",model="${model}"}`
const quick = { ttftMs: 0, tokenDelayMs: 0 }

async function start(scenario: object, init: PostStreamInit = {}) {
  const started = await startStream(server.url, { mock: scenario }, init)
  return { ...started, auth: { Authorization: `Bearer ${started.token}` } }
}

async function scrape() {
  const response = await fetch(`${server.url}/metrics`)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parsePrometheus(await response.text())
}

const byteLength = (text: string) => new TextEncoder().encode(text).byteLength

describe('GET /metrics after known traffic', () => {
  it('counts streams, time to first token, tokens per second, errors, resumes and bytes', async () => {
    server = await startNodeServer({ port: 0, providers: [mock], zombieGraceMs: 20 })
    const first = await start({ ...quick, tokens: 5 })
    const second = await start({ ...quick, tokens: 5 })
    const bodies = await Promise.all([first.response.text(), second.response.text()])
    await server.service.idle()

    let metrics = await scrape()
    expect(sample(metrics, 'sluice_bytes_sent_total')).toBe(
      byteLength(bodies[0] ?? '') + byteLength(bodies[1] ?? ''),
    )
    expect(sample(metrics, `sluice_time_to_first_token_seconds_count${streamLabels}`)).toBe(2)
    expect(sample(metrics, `sluice_tokens_per_second_count${streamLabels}`)).toBe(2)
    expect(sample(metrics, 'sluice_upstream_calls_total{provider="mock"}')).toBe(2)
    expect(sample(metrics, 'sluice_streams_ended_total{outcome="stop"}')).toBe(2)
    expect(sample(metrics, 'sluice_active_streams')).toBe(0)
    expect(sample(metrics, 'sluice_attached_readers')).toBe(0)

    // A failure after two tokens, a resume from seq 2 of a 7-event log, a refused request.
    await (await start({ ...quick, tokens: 5, failAt: 2 })).response.text()
    const resumed = await fetch(`${server.url}/v1/streams/${first.streamId}`, {
      headers: { ...first.auth, 'Last-Event-ID': '2' },
    })
    await resumed.text()
    const refused = await postStream(server.url, { messages: [] })
    expect(refused.status).toBe(422)

    // A cancel, and a zombie: a reader that leaves a stalled generation for the grace period.
    const cancelled = await start({ ...quick, tokens: 5, stallAt: 1, stallMs: 600_000 })
    // While it stalls, it is the one active stream, with its POST's reader attached.
    const live = await scrape()
    expect(sample(live, 'sluice_active_streams')).toBe(1)
    expect(sample(live, 'sluice_attached_readers')).toBe(1)
    const cancel = await fetch(`${server.url}/v1/streams/${cancelled.streamId}`, {
      method: 'DELETE',
      headers: cancelled.auth,
    })
    expect(cancel.status).toBe(202)
    await cancelled.response.text()
    const leaving = new AbortController()
    const zombie = await start(
      { ...quick, tokens: 5, stallAt: 1, stallMs: 600_000 },
      { signal: leaving.signal },
    )
    expect(zombie.response.status).toBe(200)
    leaving.abort()
    await server.service.idle()

    metrics = await scrape()
    expect(sample(metrics, 'sluice_stream_errors_total{code="upstream-error"}')).toBe(1)
    expect(sample(metrics, 'sluice_resumes_total')).toBe(1)
    expect(sample(metrics, 'sluice_replayed_events_total')).toBe(5)
    expect(
      sample(metrics, 'sluice_refused_requests_total{status="422",code="invalid-request"}'),
    ).toBe(1)
    expect(sample(metrics, 'sluice_cancellations_total')).toBe(1)
    expect(sample(metrics, 'sluice_reaped_zombie_streams_total')).toBe(1)
    expect(sample(metrics, 'sluice_streams_ended_total{outcome="cancelled"}')).toBe(2)
    expect(sample(metrics, 'sluice_upstream_calls_total{provider="mock"}')).toBe(5)
    expect(sample(metrics, `sluice_time_to_first_token_seconds_count${streamLabels}`)).toBe(5)
    expect(sample(metrics, 'sluice_active_streams')).toBe(0)
    expect(sample(metrics, 'sluice_attached_readers')).toBe(0)
  })

  it('counts a slow reader dropped', async () => {
    let dropped = () => {}
    const wasDropped = new Promise<void>((resolve) => {
      dropped = resolve
    })
    server = await startNodeServer({
      port: 0,
      providers: [mock],
      sendTimeoutMs: 1,
      observer: { readerDropped: () => dropped() },
    })
    const response = await postStream(server.app, { mock: quick })
    // Take the retry hint; the next chunk is handed over but never taken.
    const reader = response.body?.getReader()
    await reader?.read()
    await wasDropped
    await expect(reader?.read()).rejects.toThrow(/too slow/)
    await reader?.cancel().catch(() => {})
    const metrics = await scrape()
    expect(sample(metrics, 'sluice_slow_reader_drops_total')).toBe(1)
    // Dropped, then cancelled: counted out once.
    expect(sample(metrics, 'sluice_attached_readers')).toBe(0)
  })

  it('folds models beyond the label budget into "other"', async () => {
    server = await startNodeServer({ port: 0, providers: [mock] })
    const models = Array.from({ length: 52 }, (_, index) => `model-${index}`)
    for (const name of models) {
      const response = await postStream(server.url, { model: name, mock: { ...quick, tokens: 2 } })
      await response.text()
    }
    await server.service.idle()
    const metrics = await scrape()
    const series = [...metrics.keys()].filter((key) =>
      key.startsWith('sluice_time_to_first_token_seconds_count'),
    )
    expect(series).toHaveLength(51)
    expect(
      sample(metrics, 'sluice_time_to_first_token_seconds_count{provider="mock",model="other"}'),
    ).toBe(2)
  })

  it('can be turned off', async () => {
    server = await startNodeServer({ port: 0, providers: [mock], metrics: false })
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
  })
})
