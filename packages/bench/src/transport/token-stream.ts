import { mockTokens } from '@sluice/mock-provider'
import { encodeEvent, encodeRetry, type SluiceEvent } from '@sluice/protocol'

export interface TokenStream {
  bytes: Uint8Array
  /** Events in it: stream-start, one text-delta per token, stream-end. */
  events: number
}

/** The bytes the reference server sends for a prose answer of `tokens` tokens. */
export function tokenStreamBytes(tokens: number, seed = 1): TokenStream {
  const events: SluiceEvent[] = [
    {
      seq: 1,
      type: 'stream-start',
      data: {
        streamId: 'bench-stream',
        resumeToken: 'bench-token',
        provider: 'mock',
        model: 'mock-1',
        createdAt: new Date(0).toISOString(),
      },
    },
    ...mockTokens({ seed, tokens, json: false }).map(
      (text, index): SluiceEvent => ({ seq: index + 2, type: 'text-delta', data: { text } }),
    ),
    {
      seq: tokens + 2,
      type: 'stream-end',
      data: { finishReason: 'stop', usage: { inputTokens: 10, outputTokens: tokens } },
    },
  ]
  const text = encodeRetry(1000) + events.map(encodeEvent).join('')
  return { bytes: new TextEncoder().encode(text), events: events.length }
}

/** `bytes` cut into chunks of `size` bytes (the last one shorter). */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let start = 0; start < bytes.length; start += size) {
    chunks.push(bytes.subarray(start, start + size))
  }
  return chunks
}

/** A fresh body that hands out `chunks` one read at a time, as a socket would. */
export function bodyOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[next++]
        if (chunk) controller.enqueue(chunk)
        else controller.close()
      },
    },
    { highWaterMark: 0 },
  )
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'X-Stream-Id': 'bench-stream',
  'X-Resume-Token': 'bench-token',
} as const
