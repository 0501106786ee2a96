import { isStreamCursor } from '../cursor.js'
import type { ToolCall } from '../result.js'
import type { CursorStore, PersistedStream } from './cursor-store.js'

/**
 * The stream persisted under `key`, or `undefined`. State that is not a valid version-1
 * {@link PersistedStream} (another version, wrong types, tampered with) can never be resumed,
 * so it is removed and counts as absent.
 */
export function loadPersisted(store: CursorStore, key: string): PersistedStream | undefined {
  const value: unknown = store.load(key)
  if (value === undefined) return undefined
  const state = parsePersisted(value)
  if (!state) removeQuietly(store, key)
  return state
}

/** Removes, ignoring a failure: a stale entry is harmless, a thrown error in a stream is not. */
export function removeQuietly(store: CursorStore, key: string): void {
  try {
    store.remove(key)
  } catch {}
}

function parsePersisted(value: unknown): PersistedStream | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { version, streamId, resumeToken, lastSeq, text, toolCalls } = value as Record<
    string,
    unknown
  >
  const cursor = { streamId, resumeToken, lastSeq }
  if (version !== 1 || !isStreamCursor(cursor) || typeof text !== 'string') return undefined
  if (!Array.isArray(toolCalls)) return undefined
  const calls = toolCalls.map(parseToolCall)
  if (!calls.every((call): call is ToolCall => call !== undefined)) return undefined
  return { version, ...cursor, text, toolCalls: calls }
}

function parseToolCall(value: unknown): ToolCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { toolCallId, name, argsText } = value as Record<string, unknown>
  if (typeof toolCallId !== 'string' || typeof argsText !== 'string') return undefined
  // JSON drops a `name: undefined`, so a missing name is an unnamed call.
  if (name !== undefined && typeof name !== 'string') return undefined
  return { toolCallId, name, argsText }
}
