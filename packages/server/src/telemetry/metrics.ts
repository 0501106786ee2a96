import { Counter, Gauge, Histogram, type Registry } from 'prom-client'
import type { ServerObserver, StreamInfo } from '../observer.js'

/**
 * Distinct models a histogram keeps apart before folding the rest into `other`: the model name
 * comes from the request body, and one series per invented name would exhaust the scraper.
 */
const MAX_MODEL_LABELS = 50

/** The server's Prometheus metrics in `registry`, fed by the observer hooks it returns. */
export function createMetricsObserver(registry: Registry): ServerObserver {
  const registers = [registry]
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers })
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers })
  const histogram = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, labelNames: ['provider', 'model'], buckets, registers })

  const ttft = histogram(
    'sluice_time_to_first_token_seconds',
    'From the upstream call to the first text or tool-call part',
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  )
  const tokensPerSecond = histogram(
    'sluice_tokens_per_second',
    'Output tokens per second after the first token',
    [1, 5, 10, 25, 50, 100, 250, 500, 1000],
  )
  const upstreamCalls = counter('sluice_upstream_calls_total', 'Generations started', ['provider'])
  const streamErrors = counter('sluice_stream_errors_total', 'Streams ended by an error', ['code'])
  const streamsEnded = counter('sluice_streams_ended_total', 'Streams ended', ['outcome'])
  const activeStreams = gauge('sluice_active_streams', 'Generations running in this process')
  const readers = gauge('sluice_attached_readers', 'Readers attached to a stream')
  const resumes = counter('sluice_resumes_total', 'Resume requests served')
  const replayed = counter('sluice_replayed_events_total', 'Events behind the log head at resume')
  const reaped = counter('sluice_reaped_zombie_streams_total', 'Streams cancelled for no reader')
  const drops = counter('sluice_slow_reader_drops_total', 'Readers cut off for being too slow')
  const cancels = counter('sluice_cancellations_total', 'Streams cancelled by a DELETE')
  const timeouts = counter('sluice_stream_timeouts_total', 'Streams stopped at max duration')
  const truncated = counter('sluice_truncated_streams_total', 'Streams cut at a length limit', [
    'limit',
  ])
  const bytesSent = counter('sluice_bytes_sent_total', 'Event-stream bytes handed to sockets')
  const refused = counter('sluice_refused_requests_total', 'Requests answered with an error', [
    'status',
    'code',
  ])

  const models = new Set<string>()
  const labels = ({ provider, model }: StreamInfo) => {
    if (!models.has(model) && models.size < MAX_MODEL_LABELS) models.add(model)
    return { provider, model: models.has(model) ? model : 'other' }
  }

  return {
    streamStarted(info) {
      upstreamCalls.inc({ provider: info.provider })
      activeStreams.inc()
    },
    streamEnded(info) {
      activeStreams.dec()
      streamsEnded.inc({ outcome: info.outcome })
      if (info.errorCode) streamErrors.inc({ code: info.errorCode })
      if (info.ttftMs === undefined) return
      ttft.observe(labels(info), info.ttftMs / 1000)
      const generatingMs = info.durationMs - info.ttftMs
      if (info.tokens > 1 && generatingMs > 0) {
        tokensPerSecond.observe(labels(info), (info.tokens - 1) / (generatingMs / 1000))
      }
    },
    streamCancelled: () => cancels.inc(),
    readerAttached(info) {
      readers.inc()
      if (!info.resumed) return
      resumes.inc()
      replayed.inc(info.replayedEvents)
    },
    readerDetached: () => readers.dec(),
    bytesSent: (info) => bytesSent.inc(info.bytes),
    readerDropped: () => drops.inc(),
    streamReaped: () => reaped.inc(),
    streamTimedOut: () => timeouts.inc(),
    streamTruncated: (info) => truncated.inc({ limit: info.limit }),
    requestRefused: (info) => refused.inc({ status: String(info.status), code: info.code }),
  }
}
