import { utf8Length } from '@sluice/provider'
import {
  createValueSource,
  type JsonNode,
  JsonObject,
  type JsonToken,
  type ValueSource,
  writeJson,
} from './json-text.js'
import { createRandom, pick, type Random, randomInt } from './random.js'

export interface MockJsonDocumentOptions {
  /**
   * Spaces per nesting level, laid out like `JSON.stringify`'s third argument; 0 is compact.
   * The size target counts the compact form, so indentation adds to it.
   * @defaultValue 0
   */
  indent?: number
}

// Bounded fan-out, as in real structured output: wide documents nest rather than grow one
// array without end.
/** Most members a record gets. */
const MAX_KEYS = 12
/** Most items an array gets. */
const MAX_ITEMS = 32
/** A section whose share is at most this holds records; a larger one holds sections. */
const LEAF_BYTES = 6_000
/** Below this a document is one record, like a tool call's arguments. */
const MIN_SECTION_BYTES = 600
/** Record sizes: most are small, one in fifty carries a long text. */
const RECORD_BYTES = { min: 120, max: 700, large: 8_000 } as const

type Field = [key: string, value: (v: ValueSource, budget: number) => JsonNode]

const sizeOf = (node: JsonNode) => utf8Length(writeJson(node))
const pad2 = (n: number) => String(n).padStart(2, '0')
const bool = (v: ValueSource) => v.random() < 0.5
const maybe = (v: ValueSource, node: JsonNode) => (v.random() < 0.3 ? null : node)
const list = (v: ValueSource, max: number, item: () => JsonNode) =>
  Array.from({ length: randomInt(v.random, max + 1) }, item)

function timestamp(v: ValueSource): JsonToken {
  const r = (bound: number) => randomInt(v.random, bound)
  const date = `2025-${pad2(1 + r(12))}-${pad2(1 + r(28))}`
  return v.string(`${date}T${pad2(r(24))}:${pad2(r(60))}:${pad2(r(60))}Z`)
}

/** Sentences and line breaks filling about `bytes`, with escapes and non-ASCII here and there. */
function longText(v: ValueSource, bytes: number): JsonToken {
  const parts: string[] = []
  let length = 0
  while (length < bytes) {
    const sentence = `${v.phrase(12)}${pick(v.random, ['. ', '.\n', '!\n\n', '? ', '; '])}`
    parts.push(sentence)
    length += utf8Length(sentence)
  }
  return v.string(parts.join(''))
}

/** An object whose keys need escapes or are not ASCII, with one value of every kind. */
function oddObject(v: ValueSource): JsonObject {
  const object = new JsonObject()
  const keys = new Set(Array.from({ length: 1 + randomInt(v.random, 5) }, v.oddKey))
  const values = [() => v.number(), () => v.string(v.phrase(3)), () => bool(v), () => null]
  for (const key of keys) object.add(key, pick(v.random, values)())
  return object
}

const PRODUCT: Field[] = [
  ['id', (v) => v.integer(1_000_000)],
  ['sku', (v) => v.string(`${v.word().toUpperCase()}-${randomInt(v.random, 10_000)}`)],
  ['name', (v) => v.string(v.phrase(4))],
  ['description', (v, budget) => longText(v, budget / 3)],
  ['price', (v) => v.decimal(1000)],
  ['currency', (v) => v.string(pick(v.random, ['EUR', 'USD', 'JPY', 'GBP']))],
  ['inStock', bool],
  ['rating', (v) => maybe(v, v.number())],
  ['tags', (v) => list(v, 6, () => v.string(v.word()))],
  [
    'dimensions',
    (v) => new JsonObject().add('w', v.number()).add('h', v.number()).add('unit', v.string('cm')),
  ],
  ['attributes', oddObject],
  ['discontinuedAt', () => null],
]

const PERSON: Field[] = [
  ['id', (v) => v.number()],
  ['handle', (v) => v.string(`@${v.word()}_${randomInt(v.random, 1000)}`)],
  ['displayName', (v) => v.string(v.phrase(3))],
  ['email', (v) => v.string(`${v.word()}.${v.word()}@example.com`)],
  ['bio', (v, budget) => longText(v, budget / 4)],
  ['age', (v) => maybe(v, v.integer(100))],
  ['verified', bool],
  ['roles', (v) => list(v, 4, () => v.string(pick(v.random, ['admin', 'editor', 'viewer'])))],
  ['address', address],
  ['lastSeen', timestamp],
  ['deletedAt', () => null],
]

function address(v: ValueSource): JsonObject {
  const geo = new JsonObject().add('lat', v.number()).add('lng', v.number())
  return new JsonObject()
    .add('street', v.string(`${randomInt(v.random, 500)} ${v.phrase(2)}`))
    .add('city', v.string(pick(v.random, ['Zürich', 'São Paulo', '東京', 'Kraków', 'Oslo'])))
    .add('postcode', v.string(String(10_000 + randomInt(v.random, 90_000))))
    .add('geo', geo)
}

const EVENT: Field[] = [
  ['id', (v) => v.string(`evt_${randomInt(v.random, 2 ** 31).toString(36)}`)],
  ['type', (v) => v.string(pick(v.random, ['created', 'updated', 'failed', 'retried']))],
  ['at', timestamp],
  ['durationMs', (v) => v.integer(60_000)],
  ['ratio', (v) => v.number()],
  ['ok', bool],
  ['message', (v) => v.string(v.phrase(10))],
  ['samples', (v) => list(v, MAX_ITEMS, () => v.number())],
  [
    'context',
    (v) => new JsonObject().add('retry', bool(v)).add('cause', null).add('attempt', v.integer(5)),
  ],
  ['parentId', () => null],
]

const DOCUMENT: Field[] = [
  ['id', (v) => v.integer(100_000)],
  ['title', (v) => v.string(v.phrase(6))],
  ['path', (v) => v.string(`/docs/${v.word()}/${v.word()}.md`)],
  ['lang', (v) => v.string(pick(v.random, ['en', 'de-CH', 'ja', 'pt-BR']))],
  ['draft', bool],
  ['body', (v, budget) => longText(v, budget * 0.6)],
  ['wordCount', (v) => v.integer(5000)],
  [
    'authors',
    (v) =>
      list(v, 3, () => new JsonObject().add('name', v.string(v.phrase(2))).add('primary', bool(v))),
  ],
  ['links', (v) => list(v, 4, () => v.string(`https://example.com/${v.word()}?q=${v.word()}&n=1`))],
  ['checksum', (v) => maybe(v, v.string(randomInt(v.random, 2 ** 31).toString(16)))],
]

const TEMPLATES = [PRODUCT, PERSON, EVENT, DOCUMENT]

/** The fields of one template, in order, until the record reaches `budget` (at least two). */
function record(v: ValueSource, budget: number): JsonObject {
  const object = new JsonObject()
  let used = 2
  for (const [key, value] of pick(v.random, TEMPLATES).slice(0, MAX_KEYS)) {
    if (object.members.length >= 2 && used >= budget) break
    const node = value(v, budget)
    object.add(key, node)
    used += utf8Length(JSON.stringify(key)) + sizeOf(node) + 2
  }
  return object
}

function recordBudget(random: Random): number {
  if (random() < 0.02) return RECORD_BYTES.large
  return RECORD_BYTES.min + randomInt(random, RECORD_BYTES.max - RECORD_BYTES.min)
}

/** Records until `budget` bytes or `MAX_ITEMS` records, at least one. */
function records(v: ValueSource, budget: number): { node: JsonNode[]; size: number } {
  const node: JsonNode[] = []
  let size = 2
  while (node.length === 0 || (size < budget && node.length < MAX_ITEMS)) {
    const item = record(v, Math.min(recordBudget(v.random), budget - size))
    node.push(item)
    size += sizeOf(item) + 1
  }
  return { node, size }
}

function sectionHeader(v: ValueSource, depth: number): JsonObject {
  return new JsonObject()
    .add('id', v.string(`sec-${depth}-${randomInt(v.random, 1_000_000)}`))
    .add('title', v.string(v.phrase(5)))
    .add('kind', v.string(pick(v.random, ['catalog', 'report', 'log', 'notes'])))
    .add('updatedAt', timestamp(v))
    .add('summary', maybe(v, v.string(v.phrase(14))))
}

/** A section of about `budget` bytes: records, or, when that would be many, sub-sections. */
function section(
  v: ValueSource,
  budget: number,
  depth: number,
): { node: JsonObject; size: number } {
  const node = sectionHeader(v, depth)
  let size = sizeOf(node)
  const rest = budget - size
  if (rest <= LEAF_BYTES) {
    const items = records(v, rest)
    node.add('items', items.node)
    return { node, size: size + items.size + 9 }
  }
  // At least two, or a share just above LEAF_BYTES would nest a chain of single sections.
  const wanted = Math.ceil(rest / (LEAF_BYTES * (0.5 + v.random())))
  const count = Math.max(2, Math.min(MAX_ITEMS, wanted))
  const children: JsonNode[] = []
  node.add('sections', children)
  size += 13
  for (let left = count; left > 0; left--) {
    const child = section(v, (budget - size) / left, depth + 1)
    children.push(child.node)
    size += child.size + 1
  }
  return { node, size }
}

/** The tree of a seeded document of about `targetBytes` (compact, UTF-8). */
export function structuredJsonNode(random: Random, targetBytes: number): JsonNode {
  const v = createValueSource(random)
  if (targetBytes < MIN_SECTION_BYTES) return record(v, targetBytes)
  return section(v, targetBytes, 0).node
}

/**
 * A seeded, realistic structured-output document of about `targetBytes` UTF-8 bytes (compact):
 * nested sections of records with bounded fan-out (objects of up to 12 keys, arrays of up to 32
 * items), strings with every kind of escape and non-ASCII text (also written as `\uXXXX` and
 * `\/`), numbers in every form the grammar allows, booleans and null. Below 600 bytes it is one
 * record. The same seed and size give the same text, byte for byte; parse it with `JSON.parse`
 * for its value.
 */
export function mockJsonDocument(
  seed: number,
  targetBytes: number,
  options: MockJsonDocumentOptions = {},
): string {
  if (!(targetBytes >= 0)) throw new RangeError(`targetBytes must be >= 0, got ${targetBytes}`)
  const node = structuredJsonNode(createRandom(seed, 'json-document'), targetBytes)
  return writeJson(node, options.indent ?? 0)
}
