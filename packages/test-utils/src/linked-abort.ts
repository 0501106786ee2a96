/**
 * A controller for the upstream request that a wrapping fetch makes: it aborts when the caller's
 * signal does (also when that signal is aborted already, which no listener would hear), and the
 * wrapper may abort it on its own to cut the connection.
 */
export function linkedAbort(signal: AbortSignal | null | undefined): AbortController {
  const upstream = new AbortController()
  if (signal?.aborted) upstream.abort(signal.reason)
  else signal?.addEventListener('abort', () => upstream.abort(signal.reason), { once: true })
  return upstream
}
