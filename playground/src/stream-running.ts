import type { SluiceStreamHandle } from '@sluice/react'

/** Whether a stream is being read: connected, or getting there. */
export function isRunning(status: SluiceStreamHandle['status']): boolean {
  return status === 'connecting' || status === 'streaming' || status === 'reconnecting'
}
