import type { BodyFault, CutAlignment } from './faults.js'
import { FrameScanner } from './frame-scanner.js'

/** What to do with one chunk of the upstream body. */
export interface BodyStep {
  /** Bytes to pass on now, in order, each as its own chunk; never empty arrays. */
  emit: Uint8Array[]
  /** Break the connection right after `emit`; later chunks must not be pushed. */
  cut: boolean
}

/**
 * One response body's fault, as a pure, synchronous state machine shared by the fetch wrapper
 * and the TCP proxy, so that both transports cut at exactly the same byte. Timing (throttle,
 * delay) is left to the transport: here those faults pass bytes through unchanged.
 */
export interface BodyFaultCore {
  /** Takes the next chunk of the upstream body. */
  push(chunk: Uint8Array): BodyStep
  /** The upstream body ended cleanly: what is still to be passed on. */
  end(): Uint8Array[]
}

const LF = 0x0a
const CR = 0x0d

function step(emit: Uint8Array[], cut = false): BodyStep {
  return { emit: emit.filter((bytes) => bytes.length > 0), cut }
}

/** The chunks joined into one array (plain code: the fetch wrapper runs where `Buffer` does not). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return all
}

/** @param random uniform in [0, 1), seeded by the caller; only `rechunk` draws from it. */
export function createBodyFault(fault: BodyFault, random: () => number): BodyFaultCore {
  switch (fault.kind) {
    case 'none':
    case 'throttle':
    case 'delay':
      return { push: (chunk) => step([chunk]), end: () => [] }
    case 'cut':
      return cutter(fault.afterBytes, fault.align ?? 'any')
    case 'cut-after-events':
      return eventCutter(fault.events)
    case 'buffer': {
      const held: Uint8Array[] = []
      return {
        push(chunk) {
          held.push(chunk)
          return step([])
        },
        end: () => step([concatBytes(held)]).emit,
      }
    }
    case 'drop-final-newline':
      return finalByteDropper()
    case 'rechunk':
      return rechunker(fault.maxChunk, random)
  }
}

/** Passes chunks on until `cutIndex` finds the cut in one: the index before which it breaks. */
function cutting(cutIndex: (chunk: Uint8Array) => number | undefined): BodyFaultCore {
  let cut = false
  return {
    push(chunk: Uint8Array): BodyStep {
      if (cut) throw new Error('The body was already cut')
      const index = cutIndex(chunk)
      if (index === undefined) return step([chunk])
      cut = true
      return step([chunk.subarray(0, index)], true)
    },
    end: () => [],
  }
}

function cutter(afterBytes: number, align: CutAlignment): BodyFaultCore {
  const scanner = new FrameScanner()
  let position = 0
  return cutting((chunk) => {
    for (let i = 0; i < chunk.length; i++, position++) {
      const byte = chunk[i] as number
      if (position >= afterBytes && scanner.matches(align, byte)) return i
      scanner.advance(byte)
    }
    return undefined
  })
}

function eventCutter(events: number): BodyFaultCore {
  const scanner = new FrameScanner()
  /** The event ended on a `\r`: an `\n` right after it is the rest of its line ending. */
  let endedOnCr = false
  return cutting((chunk) => {
    if (events === 0) return 0
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number
      if (endedOnCr) return byte === LF ? i + 1 : i
      scanner.advance(byte)
      if (scanner.eventsEnded === events) {
        if (byte !== CR) return i + 1
        endedOnCr = true
      }
    }
    return undefined
  })
}

/** Always holds back the last byte seen: only the end of the body tells that it was the last. */
function finalByteDropper(): BodyFaultCore {
  let held: Uint8Array | undefined
  return {
    push(chunk) {
      if (chunk.length === 0) return step([])
      const out = held ? concatBytes([held, chunk.subarray(0, -1)]) : chunk.subarray(0, -1)
      held = chunk.subarray(-1)
      return step([out])
    },
    // A body that does not end in a newline (no event stream) keeps its last byte.
    end: () => (held && held[0] !== LF ? [held] : []),
  }
}

function rechunker(maxChunk: number, random: () => number): BodyFaultCore {
  if (!(maxChunk >= 1)) throw new RangeError(`rechunk needs maxChunk ≥ 1, got ${maxChunk}`)
  return {
    push(chunk) {
      const pieces: Uint8Array[] = []
      for (let offset = 0; offset < chunk.length; ) {
        const size = 1 + Math.floor(random() * maxChunk)
        pieces.push(chunk.subarray(offset, offset + size))
        offset += size
      }
      return step(pieces)
    },
    end: () => [],
  }
}
