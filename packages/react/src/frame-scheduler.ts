/** Runs `flush` later; returns a function that cancels it. */
export type FrameScheduler = (flush: () => void) => () => void

/** How state updates reach React. */
export type BatchUpdates = 'frame' | 'sync' | FrameScheduler

/** Roughly one display frame, where there is no `requestAnimationFrame` (workers, tests). */
const FALLBACK_FRAME_MS = 16

/** The next animation frame: however fast tokens arrive, at most one render per frame. */
export const nextAnimationFrame: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(flush)
    return () => cancelAnimationFrame(handle)
  }
  const handle = setTimeout(flush, FALLBACK_FRAME_MS)
  return () => clearTimeout(handle)
}

/** No batching: every change renders (for tests, or views that must see each token). */
export const synchronously: FrameScheduler = (flush) => {
  flush()
  return () => {}
}

export function frameScheduler(batch: BatchUpdates): FrameScheduler {
  if (batch === 'frame') return nextAnimationFrame
  if (batch === 'sync') return synchronously
  return batch
}
