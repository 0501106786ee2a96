import { createDeck, pick, type Random, randomInt } from './random.js'

/**
 * A JSON value whose scalars are already written out. Strings and numbers are kept as text so
 * that the document can hold forms `JSON.stringify` never writes (`1E+3`, `-0`, `10.50`,
 * `\u00e9`, `\/`) and its size can be measured before it is assembled.
 */
export type JsonNode = null | boolean | JsonToken | JsonNode[] | JsonObject

/** A string or number literal, exactly as it appears in the text. */
export class JsonToken {
  constructor(readonly text: string) {}
}

/** Members in order; keys are already quoted. */
export class JsonObject {
  readonly members: [key: string, value: JsonNode][] = []
  add(key: string, value: JsonNode): this {
    this.members.push([JSON.stringify(key), value])
    return this
  }
}

const WORDS = (
  'stream token river sluice gate water flows through every quiet network packet reader server ' +
  'resumes never lost once bright morning signal arrives late whole byte order ticket weather ' +
  'search cache index shard replica lease window budget latency margin draft review merge'
).split(' ')

/** Text that needs escapes, is not ASCII, or looks like the formats it travels through. */
const FRAGMENTS = [
  'with "quotes"',
  'back\\slash',
  'C:\\temp\\new',
  'two\nlines',
  'tab\there',
  'crlf\r\nend',
  'bell\u0007',
  'nul\u0000byte',
  'unit\u001fsep',
  'form\ffeed\b',
  'caf\u00e9',
  'e\u0301 combining',
  'na\u00efve Z\u00fcrich',
  '日本語のテキスト',
  'Ελληνικά',
  'русский',
  'עברית',
  '🦀 crab',
  '😀',
  '👩‍💻 coder',
  '🇯🇵',
  '𝄞 clef',
  'line\u2028separator',
  'para\u2029graph',
  '\uFEFFbom',
  '</script>',
  'data: {}\n\n',
  'a/b/c',
  '{"nested": [1, 2]}',
  '  padded  ',
]

/** Keys a parser must not assume are identifiers. */
const ODD_KEYS = ['', 'with space', 'a"b', 'back\\slash', 'line\nkey', '名前', 'emoji🦀', 'é']

/** The writer's habits: plain `JSON.stringify`, Python's `ensure_ascii`, PHP's escaped slash. */
type StringStyle = 'plain' | 'ascii-lower' | 'ascii-upper' | 'slash'
const STYLES: StringStyle[] = ['plain', 'plain', 'plain', 'plain', 'ascii-lower', 'ascii-upper']

const hex4 = (code: number) => code.toString(16).padStart(4, '0')

function quote(value: string, style: StringStyle): string {
  const text = JSON.stringify(value)
  if (style === 'slash') return text.replaceAll('/', '\\/')
  if (style === 'plain') return text
  const upper = style === 'ascii-upper'
  // Without the `u` flag each half of a surrogate pair matches alone: `\ud83e\udd80`.
  return text.replace(/[\u007f-\uffff]/g, (char) => {
    const hex = hex4(char.charCodeAt(0))
    return `\\u${upper ? hex.toUpperCase() : hex}`
  })
}

const digits = (random: Random, count: number) =>
  Array.from({ length: count }, () => randomInt(random, 10)).join('')

/** Every form the JSON number grammar allows, each written as a model might. */
const NUMBER_FORMS: ((random: Random) => string)[] = [
  (random) => String(randomInt(random, 100)),
  (random) => `-${1 + randomInt(random, 100_000)}`,
  (random) => `${randomInt(random, 1000)}.${digits(random, 1 + randomInt(random, 6))}`,
  (random) => `-0.${digits(random, 1 + randomInt(random, 4))}`,
  (random) => `${1 + randomInt(random, 9)}.${digits(random, 2)}0`,
  (random) => `${1 + randomInt(random, 9)}e${randomInt(random, 20)}`,
  (random) => `${1 + randomInt(random, 9)}.${digits(random, 2)}E+${randomInt(random, 300)}`,
  (random) => `-${1 + randomInt(random, 9)}.${digits(random, 3)}e-${1 + randomInt(random, 300)}`,
  () => '0',
  () => '-0',
  () => '0.0',
  () => '0e0',
  (random) => `1${digits(random, 19)}`,
  (random) => `3.${digits(random, 20)}`,
]

/** Seeded scalar values for one document. */
export interface ValueSource {
  readonly random: Random
  word(): string
  /** A few words, now and then with a hard fragment. */
  phrase(maxWords: number): string
  string(value: string): JsonToken
  number(): JsonToken
  integer(bound: number): JsonToken
  decimal(scale: number): JsonToken
  oddKey(): string
}

export function createValueSource(random: Random): ValueSource {
  const fragment = createDeck(random, FRAGMENTS)
  const oddKey = createDeck(random, ODD_KEYS)
  const numberForm = createDeck(random, NUMBER_FORMS)
  const style = createDeck(random, STYLES)
  const word = () => pick(random, WORDS)
  return {
    random,
    word,
    phrase(maxWords) {
      const words = Array.from({ length: 1 + randomInt(random, maxWords) }, word)
      if (random() < 0.35) words.splice(randomInt(random, words.length + 1), 0, fragment())
      return words.join(' ')
    },
    // Slash escaping is rarer than the others, so it comes from outside the deck.
    string: (value) => new JsonToken(quote(value, random() < 0.05 ? 'slash' : style())),
    number: () => new JsonToken(numberForm()(random)),
    integer: (bound) => new JsonToken(String(randomInt(random, bound))),
    decimal: (scale) => new JsonToken((randomInt(random, scale * 100) / 100).toFixed(2)),
    oddKey,
  }
}

/** Writes `node` as `JSON.stringify` lays out its output, `indent` spaces a level (0: compact). */
export function writeJson(node: JsonNode, indent = 0): string {
  const out: string[] = []
  write(node, indent, 0, out)
  return out.join('')
}

function write(node: JsonNode, indent: number, depth: number, out: string[]): void {
  if (node === null || typeof node === 'boolean') out.push(String(node))
  else if (node instanceof JsonToken) out.push(node.text)
  else if (Array.isArray(node)) writeContainer('[', ']', node, indent, depth, out, writeItem)
  else writeContainer('{', '}', node.members, indent, depth, out, writeMember)
}

type WriteEntry<T> = (entry: T, indent: number, depth: number, out: string[]) => void

const writeItem: WriteEntry<JsonNode> = (item, indent, depth, out) =>
  write(item, indent, depth, out)

const writeMember: WriteEntry<[string, JsonNode]> = ([key, value], indent, depth, out) => {
  out.push(key, indent > 0 ? ': ' : ':')
  write(value, indent, depth, out)
}

function writeContainer<T>(
  open: string,
  close: string,
  entries: readonly T[],
  indent: number,
  depth: number,
  out: string[],
  writeEntry: WriteEntry<T>,
): void {
  if (entries.length === 0) {
    out.push(open, close)
    return
  }
  const inner = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : ''
  out.push(open)
  entries.forEach((entry, index) => {
    out.push(index > 0 ? `,${inner}` : inner)
    writeEntry(entry, indent, depth + 1, out)
  })
  out.push(indent > 0 ? `\n${' '.repeat(indent * depth)}` : '', close)
}
