/** The part of `window` and `document` used here; both are absent in workers, Node and Deno. */
interface ListenerTarget {
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
  visibilityState?: string
}

/**
 * Calls `listener` when the page may be about to go away: on `pagehide` (unload, or entering the
 * back/forward cache) and on `visibilitychange` to hidden. Mobile browsers discard hidden pages
 * without a `pagehide`, so being hidden is the last moment that is sure to come. Returns the
 * unsubscribe function; does nothing where there is no page.
 */
export function onPageHidden(listener: () => void): () => void {
  const scope = globalThis as unknown as Partial<ListenerTarget> & { document?: ListenerTarget }
  const page = scope.document
  const onVisibilityChange = () => {
    if (page?.visibilityState === 'hidden') listener()
  }
  scope.addEventListener?.('pagehide', listener)
  page?.addEventListener('visibilitychange', onVisibilityChange)
  return () => {
    scope.removeEventListener?.('pagehide', listener)
    page?.removeEventListener('visibilitychange', onVisibilityChange)
  }
}
