import { createDeck, pick, type Random, randomInt } from './random.js'

const WORDS = (
  'the stream token river sluice gate water flows through every quiet network packet reader ' +
  'server resumes again never lost once and a of to in bright morning signal arrives late whole byte'
).split(' ')
const PUNCTUATION = [',', '.', ';', ':', '!', '?', ' —', '...']
const SENTENCE_ENDS = new Set(['.', '!', '?', '...'])

/** SSE's three line endings, and U+2028, which JSON leaves raw but JavaScript breaks lines at. */
const LINE_BREAKS = ['\n', '\r\n', '\r', '\u2028']
/** Outside the Basic Multilingual Plane: surrogate pairs in UTF-16, four bytes in UTF-8. */
const ASTRAL = ['😀', '🦀', '👩‍💻', '𝄞', '🇯🇵']
/** Escaping, normalisation and text that looks like the wire format it travels in. */
const TRICKY = [
  '\u00e9', // precomposed é
  'e\u0301', // é as e + combining acute
  '日本語',
  '\t',
  '"quoted"',
  '\\',
  '\u2029',
  '\uFEFF',
  '\n\nevent: stream-end\ndata: {}\n\n',
  'id: 99',
  ': comment',
]

/** One hard token in every block of this many, never the first token of a block. */
const HARD_BLOCK = 8
/** How often a word is followed by punctuation. */
const PUNCTUATION_RATE = 0.15

/**
 * Line breaks take every other turn and come from a shuffled deck of four, so the first 64
 * tokens (eight hard ones) contain every line break and an astral character, whatever the seed.
 */
function createHardTextDealer(random: Random): () => string {
  const lineBreak = createDeck(random, LINE_BREAKS)
  const astral = createDeck(random, ASTRAL)
  const tricky = createDeck(random, TRICKY)
  let turn = 0
  return () => {
    turn++
    if (turn % 2 === 1) return lineBreak()
    return turn % 4 === 2 ? astral() : tricky()
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}

/** A word, spaced and capitalised for what came before it. */
function nextWord(random: Random, previous: string | undefined): string {
  const word = pick(random, WORDS)
  const atLineStart = previous === undefined || LINE_BREAKS.includes(previous)
  const capital = atLineStart || SENTENCE_ENDS.has(previous)
  return `${atLineStart ? '' : ' '}${capital ? capitalize(word) : word}`
}

/**
 * Seeded prose tokens: words with a leading space and punctuation, and about one token in eight
 * from a "hard text" set that breaks naive line splitting, escaping and UTF-16 handling. Each
 * token is whole characters, so no surrogate pair is ever split.
 */
export function proseTokens(count: number, random: Random): string[] {
  const dealHardText = createHardTextDealer(random)
  const tokens: string[] = []
  let hardOffset = 0
  let previousWasWord = false
  for (let i = 0; i < count; i++) {
    if (i % HARD_BLOCK === 0) hardOffset = 1 + randomInt(random, HARD_BLOCK - 1)
    if (i % HARD_BLOCK === hardOffset) {
      tokens.push(dealHardText())
      previousWasWord = false
    } else if (previousWasWord && random() < PUNCTUATION_RATE) {
      tokens.push(pick(random, PUNCTUATION))
      previousWasWord = false
    } else {
      tokens.push(nextWord(random, tokens.at(-1)))
      previousWasWord = true
    }
  }
  return tokens
}
