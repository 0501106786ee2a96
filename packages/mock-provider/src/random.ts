/** A seeded source of floats in [0, 1). */
export type Random = () => number

/** murmur3's 32-bit finaliser: spreads every input bit over the whole state. */
function mix32(value: number): number {
  const a = Math.imul(value ^ (value >>> 16), 0x85ebca6b)
  const b = Math.imul(a ^ (a >>> 13), 0xc2b2ae35)
  return (b ^ (b >>> 16)) >>> 0
}

function hashSeed(seed: number, label: string): number {
  // Both halves of a safe integer count, so seeds 2^32 apart still differ.
  let hash = mix32((seed >>> 0) ^ 0x9e3779b9)
  hash = mix32(hash ^ (Math.floor(seed / 2 ** 32) >>> 0))
  for (let i = 0; i < label.length; i++) hash = mix32(hash ^ label.charCodeAt(i))
  return hash
}

/**
 * mulberry32 seeded from `seed` and a `label`, so that independent uses of one seed (text,
 * timings) get independent streams and a change to one never shifts the other.
 */
export function createRandom(seed: number, label: string): Random {
  let state = hashSeed(seed, label)
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** An integer in [0, `bound`). */
export function randomInt(random: Random, bound: number): number {
  return Math.floor(random() * bound)
}

/** A uniformly chosen item. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const index = randomInt(random, items.length)
  if (index >= items.length) throw new RangeError('Cannot pick from an empty list')
  return items[index] as T
}

function shuffle<T>(random: Random, items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item)
}

/** Deals `cards` in a seeded order, reshuffling once all have been dealt, so none is left out. */
export function createDeck<T>(random: Random, cards: readonly T[]): () => T {
  if (cards.length === 0) throw new RangeError('A deck needs at least one card')
  let remaining: T[] = []
  return () => {
    if (remaining.length === 0) remaining = shuffle(random, cards)
    return remaining.pop() as T
  }
}
