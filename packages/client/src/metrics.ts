/** What the client observed about one stream. Times in milliseconds. */
export interface StreamMetrics {
  /** From the start (or resume) call to the first text or tool-call delta. */
  timeToFirstTokenMs: number | undefined
  /** Connections opened after the first one. */
  reconnects: number
  /** Events received again after a reconnect and dropped (already delivered). */
  duplicatesDropped: number
  /** Events delivered to the application. */
  eventsDelivered: number
  /** Heartbeat comments received. */
  heartbeats: number
  /** Body bytes received, over all connections. */
  bytesReceived: number
}

export function emptyMetrics(): StreamMetrics {
  return {
    timeToFirstTokenMs: undefined,
    reconnects: 0,
    duplicatesDropped: 0,
    eventsDelivered: 0,
    heartbeats: 0,
    bytesReceived: 0,
  }
}
