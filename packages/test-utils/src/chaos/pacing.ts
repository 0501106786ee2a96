import type { TimerFunctions } from '../fake-timers.js'
import type { NetworkFault } from './faults.js'

/** A piece of body to pass on after holding it `waitMs`. */
export interface PacedPiece {
  bytes: Uint8Array
  waitMs: number
}

/**
 * A throttled chunk goes out in pieces of about this many milliseconds' worth of bytes, so the
 * client sees a trickle, as on a slow link, instead of one late burst.
 */
const THROTTLE_TICK_MS = 10

/** The timing part of a fault, which the transport applies with its own timers. */
export function pace(fault: NetworkFault, chunk: Uint8Array): PacedPiece[] {
  if (fault.kind === 'delay') return [{ bytes: chunk, waitMs: fault.ms }]
  if (fault.kind !== 'throttle') return [{ bytes: chunk, waitMs: 0 }]
  const { bytesPerSecond } = fault
  if (!(bytesPerSecond > 0)) throw new RangeError(`throttle needs bytesPerSecond > 0`)
  const pieceBytes = Math.max(1, Math.floor((bytesPerSecond * THROTTLE_TICK_MS) / 1000))
  const pieces: PacedPiece[] = []
  for (let offset = 0; offset < chunk.length; offset += pieceBytes) {
    const bytes = chunk.subarray(offset, offset + pieceBytes)
    pieces.push({ bytes, waitMs: (bytes.length * 1000) / bytesPerSecond })
  }
  return pieces
}

/** The global timers, looked up at call time so that a test's fake timers installed later count. */
export const realTimers: TimerFunctions = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Resolves after `ms` on `timers`; at once, without a timer, for 0. */
export function wait(timers: TimerFunctions, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve) => timers.setTimeout(resolve, ms))
}
