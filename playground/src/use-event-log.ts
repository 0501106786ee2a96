import type { SluiceStreamHandle } from '@sluice/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { LogEntry } from './components/EventLog.js'

const MAX_ENTRIES = 50

/** A log of the stream's status changes (with what the client did), and of what the user did. */
export function useEventLog(handle: SluiceStreamHandle) {
  const [entries, setEntries] = useState<LogEntry[]>([])
  const add = useCallback((message: string) => {
    setEntries((log) => [...log, { at: Date.now(), message }].slice(-MAX_ENTRIES))
  }, [])
  const previous = useRef(handle.status)
  const { status, metrics, error, result } = handle
  useEffect(() => {
    if (previous.current === status) return
    previous.current = status
    add(describe(status, metrics, error, result?.finishReason))
    // Only status changes are logged; the rest is read at that moment.
  }, [status, add, metrics, error, result])
  return { entries, add }
}

function describe(
  status: SluiceStreamHandle['status'],
  metrics: SluiceStreamHandle['metrics'],
  error: Error | undefined,
  finishReason: string | undefined,
): string {
  switch (status) {
    case 'connecting':
      return 'Connecting'
    case 'streaming':
      return metrics.reconnects > 0
        ? `Reconnected (reconnect ${metrics.reconnects}): the server replays what was missed`
        : 'Streaming'
    case 'reconnecting':
      return 'Connection lost: reconnecting from the last event received'
    case 'done':
      return `Done (${finishReason}): ${metrics.replayedEvents} events replayed, ${metrics.duplicatesDropped} duplicates dropped`
    case 'error':
      return `Stopped: ${(error as { code?: string } | undefined)?.code ?? 'error'}: ${error?.message}`
    default:
      return status
  }
}
