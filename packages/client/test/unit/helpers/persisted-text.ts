import type { PersistedStream } from '../../../src/index.js'
import { RESUME_TOKEN, STREAM_ID, textStream } from './sse.js'

/** The key the persistence tests save a stream under. */
export const KEY = 'chat-1'
export const PIECES = ['The ', 'river ', 'runs ', 'to ', 'the ', 'sea.']
export const TEXT = PIECES.join('')
/** seq 1 stream-start, 2…7 one piece each, 8 stream-end. */
export const EVENTS = textStream(PIECES)

/** The text of events 1…lastSeq: what a state saved at `lastSeq` must hold. */
export const textAt = (lastSeq: number) => PIECES.slice(0, Math.max(0, lastSeq - 1)).join('')

/** The state a client saves after reading EVENTS up to `lastSeq`. */
export function savedAt(lastSeq: number): PersistedStream {
  return {
    version: 1,
    streamId: STREAM_ID,
    resumeToken: RESUME_TOKEN,
    lastSeq,
    text: textAt(lastSeq),
    toolCalls: [],
  }
}
