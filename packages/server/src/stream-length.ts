import type { ProviderPart } from '@sluice/provider'

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

const encoder = new TextEncoder()

/**
 * `parts`, cut short with a `length` finish (the protocol's "output hit a length limit") as soon
 * as the next part would exceed a limit: the log of a runaway generation stays bounded.
 */
export async function* limitLength(
  parts: AsyncIterable<ProviderPart>,
  limits: StreamLengthLimits,
  onLimit: (limit: 'events' | 'bytes') => void,
): AsyncGenerator<ProviderPart, void, undefined> {
  let events = 0
  let bytes = 0
  for await (const part of parts) {
    if (part.type !== 'finish') {
      events++
      bytes += encoder.encode(part.type === 'text-delta' ? part.text : part.argsDelta).byteLength
      const limit = events > limits.maxEvents ? 'events' : bytes > limits.maxBytes ? 'bytes' : null
      if (limit) {
        onLimit(limit)
        yield { type: 'finish', finishReason: 'length' }
        return
      }
    }
    yield part
  }
}
