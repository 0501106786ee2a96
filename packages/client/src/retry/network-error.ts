// What `fetch` and body reads throw when the network fails, by engine. All are TypeErrors, but
// so are programming mistakes, hence the wordings.
const NETWORK_ERROR_MESSAGES = [
  'failed to fetch', // Chrome, Edge
  'networkerror when attempting to fetch resource', // Firefox
  'load failed', // Safari
  'the network connection was lost', // Safari
  'network error', // Chrome body reads, happy-dom
  'error in body stream', // Firefox body reads
  'fetch failed', // Node (undici)
  'terminated', // Node (undici) body reads
  'other side closed', // Node (undici)
  'socket hang up',
  'econnreset',
  'econnrefused',
]

/** Whether an error from `fetch` or a body read means the network failed. */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name === 'AbortError') return false
  if (error.name === 'NetworkError') return true // happy-dom, and old DOMException-based fetches
  const message = error.message.toLowerCase()
  if (NETWORK_ERROR_MESSAGES.some((wording) => message.includes(wording))) return true
  // undici hides the socket error in `cause`
  return error.cause instanceof Error && isNetworkError(error.cause)
}
