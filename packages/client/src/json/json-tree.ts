import type { JsonPath, JsonValue } from './json-value.js'

/** Receives the decoded text of the string being read. */
export interface TextSink {
  appendText(piece: string): void
}

/**
 * What the scanner tells about the document as it reads it, and what the parser asks of it. Two
 * implementations: `SnapshotTree` hands out immutable, structurally shared snapshots, `LiveTree`
 * keeps one plain value up to date in place (the parser's `snapshots` option).
 */
export interface JsonTree extends TextSink {
  /** How many containers are open. */
  readonly depth: number
  /** Whether the innermost open container is an array (false for an object or none). */
  readonly inArray: boolean
  openContainer(isArray: boolean): void
  closeContainer(): void
  /** A string value shows at once, as `""`; a key shows nothing until its value does. */
  startString(isKey: boolean): void
  /** Ends the string being read; returns whether it was a key. */
  endString(): boolean
  /** A number, boolean or null, once complete. */
  addScalar(value: null | boolean | number): void
  /** The document so far; undefined until the root value shows. */
  value(): JsonValue | undefined
  /** Whether the value at `path` shows and can no longer change. */
  isComplete(path: JsonPath): boolean
}
