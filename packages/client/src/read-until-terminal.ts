import type { TerminalEvent } from '@sluice/protocol'
import { SluiceError } from './errors/sluice-error.js'
import { abortedError, type EventReader, type EventSink } from './event-reader.js'
import type { MetricsRecorder } from './metrics.js'
import type { ResolvedClientOptions } from './options.js'
import { classify, isTransportFailure } from './retry/classify.js'
import { decideRetry, type Failure } from './retry/decide-retry.js'
import type { Sequencer } from './sequencer.js'
import { sleep } from './sleep.js'

export interface ReconnectContext {
  options: ResolvedClientOptions
  signal: AbortSignal
  reader: EventReader
  sink: EventSink
  sequencer: Sequencer
  metrics: MetricsRecorder
}

/** Connects, and reconnects from the cursor, until the terminal event arrives. */
export async function readUntilTerminal(context: ReconnectContext): Promise<TerminalEvent> {
  const { options, signal, reader, sink, sequencer, metrics } = context
  let failures = 0
  for (let connection = 0; ; connection++) {
    await untilOnline(options, signal)
    if (connection > 0) {
      metrics.metrics.reconnects++
      sink.metricsChanged()
    }
    const seqBefore = sequencer.lastSeq
    let failure: Failure
    let error: unknown
    try {
      await reader.read()
      const terminal = sink.terminal()
      if (terminal) return terminal
      ;[failure, error] = classify(
        new SluiceError('truncated', 'The server ended the stream before its last event'),
      )
    } catch (caught) {
      if (signal.aborted) throw abortedError()
      ;[failure, error] = classify(caught)
    }
    sink.setStatus('reconnecting')
    // Progress means the connection was good: only failures in a row count against the limit.
    if (sequencer.lastSeq > seqBefore) failures = 0
    // Offline, a broken connection says nothing about the server: wait for the network (at the
    // top of the loop) instead of spending an attempt and a backoff.
    if (isTransportFailure(failure) && !options.connectivity.isOnline()) continue
    failures++
    const decision = decideRetry({
      failure,
      attempt: failures,
      policy: options.retry,
      serverRetryMs: reader.serverRetryMs,
      random: options.random,
    })
    if (!decision.retry) throw error
    await sleep(options.timers, decision.delayMs, signal)
    if (signal.aborted) throw abortedError()
  }
}

async function untilOnline(options: ResolvedClientOptions, signal: AbortSignal): Promise<void> {
  const { connectivity } = options
  if (connectivity.isOnline()) return
  await connectivity.waitUntilOnline(signal)
  if (signal.aborted) throw abortedError()
}
