import type { SluiceStreamHandle } from '@sluice/react'
import { useLiveMetrics } from '../use-live-metrics.js'
import { TokenChart } from './TokenChart.js'

const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} ms`)

/** The client's own measurements of the stream shown. */
export function MetricsPanel({ handle }: { handle: SluiceStreamHandle }) {
  const { metrics, silentMs } = useLiveMetrics(handle)
  const rows: [string, string][] = [
    ['Time to first token', ms(metrics.timeToFirstTokenMs)],
    [
      'Tokens per second',
      metrics.tokensPerSecond === undefined ? '–' : metrics.tokensPerSecond.toFixed(1),
    ],
    ['Inter-token latency (mean)', ms(metrics.meanInterTokenMs)],
    ['Inter-token latency (longest)', ms(metrics.maxInterTokenMs)],
    ['Tokens', String(metrics.tokens)],
    ['Since the last token', ms(silentMs)],
    ['Reconnects', String(metrics.reconnects)],
    ['Replayed events', String(metrics.replayedEvents)],
    ['Duplicates dropped', String(metrics.duplicatesDropped)],
    // A stalled model still sends heartbeats: the connection is alive, nothing to reconnect.
    ['Heartbeats', String(metrics.heartbeats)],
    ['Bytes received', String(metrics.bytesReceived)],
  ]
  return (
    <section className="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <dl className="metrics" data-testid="metrics">
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <TokenChart stream={handle.stream} />
    </section>
  )
}
