import type { StreamCursor } from './result.js'

/** Whether `value` is a cursor the server can resume from. */
export function isStreamCursor(value: unknown): value is StreamCursor {
  if (typeof value !== 'object' || value === null) return false
  const { streamId, resumeToken, lastSeq } = value as Record<string, unknown>
  return (
    typeof streamId === 'string' &&
    streamId !== '' &&
    typeof resumeToken === 'string' &&
    resumeToken !== '' &&
    Number.isSafeInteger(lastSeq) &&
    (lastSeq as number) >= 0
  )
}
