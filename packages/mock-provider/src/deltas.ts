import { splitsSurrogatePair } from '@sluice/provider'
import { createRandom, type Random, randomInt } from './random.js'

export interface SplitIntoDeltasOptions {
  /**
   * Longest delta, in UTF-16 code units; lengths are uniform in [1, maxLength].
   * @defaultValue 8
   */
  maxLength?: number
  /**
   * Never cut between the halves of a surrogate pair (a delta then may be one unit longer than
   * `maxLength`). Text that travels as UTF-8 arrives in whole characters; a parser fed from an
   * in-memory source may see any cut.
   * @defaultValue false
   */
  keepSurrogatePairs?: boolean
}

const DEFAULT_MAX_LENGTH = 8

/** `splitIntoDeltas` on a caller's random stream. */
export function splitWithRandom(
  text: string,
  random: Random,
  options: SplitIntoDeltasOptions = {},
): string[] {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH
  if (!(Number.isSafeInteger(maxLength) && maxLength >= 1)) {
    throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`)
  }
  const deltas: string[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(text.length, start + 1 + randomInt(random, maxLength))
    if (options.keepSurrogatePairs && splitsSurrogatePair(text, end)) end++
    deltas.push(text.slice(start, end))
    start = end
  }
  return deltas
}

/**
 * Cuts `text` into seeded deltas of 1 to `maxLength` characters, the way a model's tokens arrive,
 * anywhere: inside strings, escapes (`\u00`|`e9`), numbers, literals and, unless told otherwise,
 * surrogate pairs. The same text and seed give the same deltas.
 */
export function splitIntoDeltas(
  text: string,
  seed: number,
  options: SplitIntoDeltasOptions = {},
): string[] {
  return splitWithRandom(text, createRandom(seed, 'deltas'), options)
}
