/** UTF-8 helpers for tests: the `TextEncoder` / `TextDecoder` globals, set up the way clients use them. */

export interface Utf8StreamDecoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string
}

export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/**
 * A streaming UTF-8 decoder as a client would use one: one instance per response, `{stream: true}`
 * on every chunk. `ignoreBOM` keeps a BOM in the text (the SSE parser is the one that strips it);
 * `fatal` turns a mis-split multi-byte sequence into an exception instead of a silent U+FFFD.
 */
export function createUtf8StreamDecoder(): Utf8StreamDecoder {
  return new TextDecoder('utf-8', { ignoreBOM: true, fatal: true })
}

export function decodeUtf8(bytes: Uint8Array): string {
  return createUtf8StreamDecoder().decode(bytes)
}

/** True for a UTF-8 continuation byte (10xxxxxx): a cut before it splits a character. */
export function isContinuationByte(byte: number): boolean {
  return (byte & 0xc0) === 0x80
}
