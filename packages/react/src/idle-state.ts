import { emptyMetrics, type StreamSnapshot, type StreamStatus } from '@sluice/client'

/** A stream's state as a hook shows it: `idle` before any stream has started. */
export interface SluiceStreamState extends Omit<StreamSnapshot, 'status'> {
  readonly status: StreamStatus | 'idle'
}

/** The state before a stream starts, also what server-side rendering shows. */
export const IDLE_STATE: SluiceStreamState = Object.freeze({
  status: 'idle',
  text: '',
  json: undefined,
  toolCalls: Object.freeze([]),
  metrics: Object.freeze(emptyMetrics()),
  cursor: undefined,
  result: undefined,
  error: undefined,
  resumable: false,
})
