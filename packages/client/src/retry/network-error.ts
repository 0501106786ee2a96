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

/** How deep to follow `cause`: undici nests one level; a cycle must not recurse forever. */
const MAX_CAUSE_DEPTH = 4

/** Whether an error from `fetch` or a body read means the network failed. */
export function isNetworkError(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > MAX_CAUSE_DEPTH) return false
  if (error.name === 'AbortError') return false
  if (error.name === 'NetworkError') return true // happy-dom, and old DOMException-based fetches
  const message = error.message.toLowerCase()
  if (NETWORK_ERROR_MESSAGES.some((wording) => message.includes(wording))) return true
  // undici hides the socket error in `cause`
  return isNetworkError(error.cause, depth + 1)
}
