import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser'
import { decodeEvent, type SluiceEvent } from '../../src/index.js'
import { createUtf8StreamDecoder } from './utf8.js'

/** Everything `eventsource-parser` reports, in the order it reports it. */
export type WireItem =
  | { kind: 'retry'; ms: number }
  | { kind: 'comment'; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'message'; message: EventSourceMessage }
  | { kind: 'parse-error'; error: ParseError }

/** What a reader is expected to see: protocol events in place of raw messages. */
export type Observation =
  | { kind: 'retry'; ms: number }
  | { kind: 'comment'; text: string }
  | { kind: 'id'; id: string }
  | { kind: 'event'; event: SluiceEvent | undefined }
  | { kind: 'parse-error'; error: ParseError }

export interface WireReader {
  /** Feeds decoded text (any slice of the stream). */
  feedText(text: string): void
  /** Feeds raw bytes (any slice of the stream); one streaming UTF-8 decoder for the whole wire. */
  feedBytes(bytes: Uint8Array): void
  /** Flushes the UTF-8 decoder: throws if the bytes ended inside a character. */
  end(): void
  readonly items: WireItem[]
}

export function createWireReader(): WireReader {
  const items: WireItem[] = []
  const parser = createParser({
    onEvent: (message) => items.push({ kind: 'message', message }),
    onId: (id) => items.push({ kind: 'id', id }),
    onRetry: (ms) => items.push({ kind: 'retry', ms }),
    onComment: (text) => items.push({ kind: 'comment', text }),
    onError: (error) => items.push({ kind: 'parse-error', error }),
  })
  const decoder = createUtf8StreamDecoder()
  return {
    items,
    feedText: (text) => parser.feed(text),
    feedBytes(bytes) {
      const text = decoder.decode(bytes, { stream: true })
      if (text !== '') parser.feed(text)
    },
    end() {
      const rest = decoder.decode()
      if (rest !== '') parser.feed(rest)
    },
  }
}

/** Reads a whole wire given as byte chunks, the way a streaming client would. */
export function readChunks(chunks: readonly Uint8Array[]): WireItem[] {
  const reader = createWireReader()
  for (const chunk of chunks) reader.feedBytes(chunk)
  reader.end()
  return reader.items
}

/** Reads a wire given as one string. */
export function readText(wire: string): WireItem[] {
  const reader = createWireReader()
  reader.feedText(wire)
  return reader.items
}

/** Runs `decodeEvent` over every message; everything else passes through unchanged. */
export function observe(items: readonly WireItem[]): Observation[] {
  return items.map((item) =>
    item.kind === 'message' ? { kind: 'event', event: decodeEvent(item.message) } : item,
  )
}

export function messagesOf(items: readonly WireItem[]): EventSourceMessage[] {
  return items.flatMap((item) => (item.kind === 'message' ? [item.message] : []))
}
