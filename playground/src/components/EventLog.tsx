export interface LogEntry {
  at: number
  message: string
}

/** What happened, in order: status changes, faults, reconnects. */
export function EventLog({ entries }: { entries: LogEntry[] }) {
  return (
    <section className="panel" aria-labelledby="log-title">
      <h2 id="log-title">What happened</h2>
      <ol className="log" data-testid="log">
        {entries.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows, entries never move.
          <li key={index}>
            <time>{new Date(entry.at).toLocaleTimeString()}</time> {entry.message}
          </li>
        ))}
      </ol>
    </section>
  )
}
