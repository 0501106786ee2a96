import type { Rng } from './prng.js'
import { isContinuationByte } from './utf8.js'

/** Splits `bytes` at the given offsets (any order, duplicates and out-of-range ones ignored). */
export function splitAt(bytes: Uint8Array, cuts: Iterable<number>): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const cut of sorted) {
    chunks.push(bytes.subarray(start, cut))
    start = cut
  }
  chunks.push(bytes.subarray(start))
  return chunks
}

/** Offsets that fall strictly inside a multi-byte UTF-8 character. */
export function cutsInsideCharacters(bytes: Uint8Array): number[] {
  const cuts: number[] = []
  for (let i = 1; i < bytes.length; i++) if (isContinuationByte(bytes[i] ?? 0)) cuts.push(i)
  return cuts
}

/** Offsets right after each byte equal to `byte` (e.g. CR: splits every CRLF in two). */
export function cutsAfter(bytes: Uint8Array, byte: number): number[] {
  const cuts: number[] = []
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === byte) cuts.push(i + 1)
  return cuts
}

export const CR = 0x0d
export const LF = 0x0a

export const SPLIT_STRATEGIES = [
  /** A few cuts anywhere. */
  'sparse',
  /** Many cuts anywhere. */
  'dense',
  /** Every chunk is one byte. */
  'single-bytes',
  /** Chunks of 1 to 3 bytes. */
  'tiny',
  /** Every multi-byte character split, plus random cuts. */
  'inside-characters',
  /** Every line terminator split after its CR (CRLF halves in different chunks), plus random. */
  'after-cr',
  /** A mix of all of the above, each applied to a random subset of positions. */
  'mixed',
] as const

export type SplitStrategy = (typeof SPLIT_STRATEGIES)[number]

function randomCuts(bytes: Uint8Array, rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.int(1, Math.max(1, bytes.length - 1)))
}

function sample(cuts: readonly number[], rng: Rng, probability: number): number[] {
  return cuts.filter(() => rng.chance(probability))
}

export function cutPoints(bytes: Uint8Array, rng: Rng, strategy: SplitStrategy): number[] {
  const n = bytes.length
  switch (strategy) {
    case 'sparse':
      return randomCuts(bytes, rng, rng.int(1, 8))
    case 'dense':
      return randomCuts(bytes, rng, rng.int(n / 16, n / 2))
    case 'single-bytes':
      return Array.from({ length: n }, (_, i) => i)
    case 'tiny': {
      const cuts: number[] = []
      for (let at = rng.int(1, 3); at < n; at += rng.int(1, 3)) cuts.push(at)
      return cuts
    }
    case 'inside-characters':
      return [...cutsInsideCharacters(bytes), ...randomCuts(bytes, rng, rng.int(0, 16))]
    case 'after-cr':
      return [...cutsAfter(bytes, CR), ...randomCuts(bytes, rng, rng.int(0, 16))]
    case 'mixed':
      return [
        ...sample(cutsInsideCharacters(bytes), rng, 0.5),
        ...sample(cutsAfter(bytes, CR), rng, 0.5),
        ...sample(cutsAfter(bytes, LF), rng, 0.3),
        ...randomCuts(bytes, rng, rng.int(0, n / 8)),
      ]
  }
}
