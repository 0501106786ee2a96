import { splitsSurrogatePair } from '@sluice/provider'
import { createDeck, type Random, randomInt } from './random.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Strings that need escapes (`\"`, `\\`, `\n`, `\u0007`) or are not ASCII once serialised. */
const STRINGS = [
  'plain words',
  'with "quotes"',
  'back\\slash',
  'two\nlines',
  'tab\there',
  'crlf\r\nend',
  'bell\u0007',
  'caf\u00e9',
  'e\u0301',
  '日本語',
  '🦀 crab',
  'line\u2028separator',
  '</script>',
  'data: {}',
]

/** An exponent that `JSON.stringify` keeps, since it writes tiny and huge numbers that way. */
function exponentNumber(random: Random, exponent: number): number {
  return Number(`${1 + randomInt(random, 9)}.${randomInt(random, 10)}e${exponent}`)
}

/** One record holding every kind of JSON value. */
function jsonItem(id: number, random: Random, dealString: () => string): Json {
  return {
    id,
    name: dealString(),
    score: randomInt(random, 100_000) / 100,
    delta: -1 - randomInt(random, 1000),
    tiny: exponentNumber(random, -7 - randomInt(random, 9)),
    huge: exponentNumber(random, 21 + randomInt(random, 9)),
    active: random() < 0.5,
    parent: null,
    tags: [dealString(), dealString()],
    meta: { level: randomInt(random, 5), note: { text: dealString(), seen: false } },
  }
}

/**
 * The serialised text of a seeded document with at least `minLength` characters (and at least
 * one item), grown one item at a time.
 */
export function jsonDocumentText(seed: number, minLength: number, random: Random): string {
  // Dealt rather than picked, so that a document of four items holds every string.
  const dealString = createDeck(random, STRINGS)
  const items: Json[] = []
  const head = { seed, title: dealString() }
  // Tracked as items are added, because re-serialising each time is quadratic.
  let length = JSON.stringify({ ...head, items }).length
  while (items.length === 0 || length < minLength) {
    const item = jsonItem(items.length + 1, random, dealString)
    length += JSON.stringify(item).length + (items.length > 0 ? 1 : 0)
    items.push(item)
  }
  return JSON.stringify({ ...head, items })
}

/**
 * Splits `text` into exactly `count` non-empty pieces at seeded cut points, possibly inside
 * escapes and numbers but never inside a surrogate pair. Needs enough cut points: `text` of at
 * least `2 × count` characters is plenty.
 */
export function splitText(text: string, count: number, random: Random): string[] {
  if (count === 0) return []
  let candidates = 0
  for (let i = 1; i < text.length; i++) if (!splitsSurrogatePair(text, i)) candidates++
  // Selection sampling (Knuth's algorithm S): a uniform set of cuts, in order, in one pass.
  let needed = count - 1
  const pieces: string[] = []
  let start = 0
  for (let i = 1; i < text.length && needed > 0; i++) {
    if (splitsSurrogatePair(text, i)) continue
    if (random() * candidates < needed) {
      pieces.push(text.slice(start, i))
      start = i
      needed--
    }
    candidates--
  }
  pieces.push(text.slice(start))
  return pieces
}
