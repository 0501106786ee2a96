import { type ProviderPart, utf8Length } from '@sluice/provider'

export interface StreamLengthLimits {
  /** Most text and tool-call delta events one stream may have. @defaultValue 200_000 */
  maxEvents: number
  /** Most bytes of model output (UTF-8 text and tool-call arguments). @defaultValue 33_554_432 */
  maxBytes: number
}

export const defaultStreamLengthLimits: StreamLengthLimits = {
  maxEvents: 200_000,
  maxBytes: 32 * 1024 * 1024,
}

/**
 * Counts one stream's output against the limits, so that the log of a runaway generation stays
 * bounded. Synchronous and allocation-free: it runs once per token.
 */
export class LengthBudget {
  #events = 0
  #bytes = 0

  constructor(private readonly limits: StreamLengthLimits) {}

  /** Counts `part` in; names the limit it goes past, if any. */
  exceededBy(part: Exclude<ProviderPart, { type: 'finish' }>): 'events' | 'bytes' | undefined {
    this.#events++
    this.#bytes += utf8Length(part.type === 'text-delta' ? part.text : part.argsDelta)
    if (this.#events > this.limits.maxEvents) return 'events'
    if (this.#bytes > this.limits.maxBytes) return 'bytes'
    return undefined
  }
}
