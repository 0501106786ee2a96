import type { ToolCall } from '../result.js'

/**
 * What a reloaded page needs to render a stream again and resume it: the cursor, and the text
 * and tool calls up to exactly that cursor.
 */
export interface PersistedStream {
  /** Bumped when the shape changes; state of another version is discarded. */
  version: 1
  streamId: string
  resumeToken: string
  /** Seq of the last event included in `text` and `toolCalls`. */
  lastSeq: number
  text: string
  toolCalls: ToolCall[]
}

/**
 * Where persisted streams are kept, by key. Synchronous, so a save can finish inside a
 * `pagehide` handler. The client ignores a save or removal that throws (the stream goes on; a
 * later resume just replays more); a `load` that throws propagates from `resumePersisted()`.
 * What `load` returns is checked, since stored data can outlive the code that wrote it.
 */
export interface CursorStore {
  load(key: string): PersistedStream | undefined
  save(key: string, state: PersistedStream): void
  remove(key: string): void
}
