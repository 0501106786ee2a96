/**
 * Where a `cut` may fall, on top of "at or after `afterBytes`":
 * - `any`: right at `afterBytes`;
 * - `mid-line`: between two content bytes of one field line (not a comment);
 * - `mid-char`: inside a multi-byte UTF-8 character;
 * - `between-id-and-data`: right after a frame's leading `id: …` line, before its other lines;
 * - `before-blank-line`: right before the blank line that ends a frame (its `\n`, or `\r\n`).
 */
export const CUT_ALIGNMENTS = [
  'any',
  'mid-line',
  'mid-char',
  'between-id-and-data',
  'before-blank-line',
] as const

export type CutAlignment = (typeof CUT_ALIGNMENTS)[number]

/** A fault that lets the response through but tampers with the bytes of its body. */
export type BodyFault =
  | { kind: 'none' }
  /**
   * Breaks the connection at the first body position at or after `afterBytes` that matches
   * `align` (default `any`): the client gets the bytes before it, then a network error. If the
   * body ends first, nothing is cut.
   */
  | { kind: 'cut'; afterBytes: number; align?: CutAlignment }
  /**
   * Breaks the connection right after the blank line that ends the `events`-th event (a frame
   * led by `id:`): the client gets those events whole, then a network error. 0 cuts before the
   * first byte; if the body ends first, nothing is cut.
   */
  | { kind: 'cut-after-events'; events: number }
  /** At most this many body bytes per second. */
  | { kind: 'throttle'; bytesPerSecond: number }
  /** Every chunk is held this long before it is passed on. */
  | { kind: 'delay'; ms: number }
  /** Nothing until the upstream body ends, then all of it at once: a misconfigured proxy. */
  | { kind: 'buffer' }
  /** The body's last byte, the `\n` that ends its last frame, never arrives; the end is clean. */
  | { kind: 'drop-final-newline' }
  /** The body in seeded random chunks of 1 to `maxChunk` bytes. */
  | { kind: 'rechunk'; maxChunk: number }

/** A fault that answers instead of the server: the request never reaches it. */
export type HttpFault =
  /** An error status, e.g. 429 with `retryAfter: '1'`, 502, or 503 with a JSON `body`. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** A 200 `text/html` page, as a captive portal or a proxy's error page answers. */
  | { kind: 'wrong-content-type' }

/** What happens to one HTTP response on its way from the server to the client. */
export type NetworkFault = BodyFault | HttpFault

/**
 * Chooses the fault of the n-th request (or connection), 0-based. `request` describes it, so a
 * plan can single out the resume requests, for instance.
 */
export type FaultPlan<Request> = (index: number, request: Request) => NetworkFault

const NO_FAULT: NetworkFault = { kind: 'none' }

/** A plan that gives the n-th request `faults[n]`, and every later one no fault. */
export function faultsInOrder(...faults: NetworkFault[]): FaultPlan<unknown> {
  return (index) => faults[index] ?? NO_FAULT
}

export function isHttpFault(fault: NetworkFault): fault is HttpFault {
  return fault.kind === 'status' || fault.kind === 'wrong-content-type'
}

/** One line for logs and test names, e.g. `cut ≥ 120 B (mid-char)`. */
export function describeFault(fault: NetworkFault): string {
  switch (fault.kind) {
    case 'none':
      return 'no fault'
    case 'cut':
      return `cut ≥ ${fault.afterBytes} B (${fault.align ?? 'any'})`
    case 'cut-after-events':
      return `cut after ${fault.events} events`
    case 'throttle':
      return `throttle to ${fault.bytesPerSecond} B/s`
    case 'delay':
      return `delay every chunk ${fault.ms} ms`
    case 'buffer':
      return 'buffer the whole body'
    case 'drop-final-newline':
      return 'drop the final newline'
    case 'rechunk':
      return `rechunk into ≤ ${fault.maxChunk} B`
    case 'status':
      return `answer ${fault.status}${fault.retryAfter === undefined ? '' : ` (Retry-After: ${fault.retryAfter})`}`
    case 'wrong-content-type':
      return 'answer 200 text/html'
  }
}

/** The synthetic response of an HTTP fault, shared by both transports. */
export interface FaultResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const HTML_PAGE =
  '<!doctype html><title>Sign in to the Wi-Fi</title><p>Please accept the terms.</p>'

export function faultResponse(fault: HttpFault): FaultResponse {
  if (fault.kind === 'wrong-content-type') {
    return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: HTML_PAGE }
  }
  const body =
    fault.body ??
    JSON.stringify({
      error: { code: 'chaos', message: `Injected ${fault.status} from the chaos layer` },
    })
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter
  return { status: fault.status, headers, body }
}
