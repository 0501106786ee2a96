import fc from 'fast-check'

/** Fixed, so that CI runs the same cases every time. */
export const SEED = 42

/** JSON whitespace, often none, sometimes runs and CRLF. */
export const whitespace = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n', '\r', '  \n  ')

const hex4 = (unit: number, upper: boolean) => {
  const digits = unit.toString(16).padStart(4, '0')
  return upper ? digits.toUpperCase() : digits
}

/** One piece of a string literal's inside: plain text, every escape, surrogates raw or escaped. */
const stringPiece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc
    .string({ unit: 'binary', maxLength: 3 })
    .map((s) => [...s].filter((c) => c !== '"' && c !== '\\' && c >= ' ').join('')),
  fc.constantFrom('\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '😀', 'é', '東'),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean()).map(([u, up]) => `\\u${hex4(u, up)}`),
  // A surrogate pair written as two escapes, or half of it raw and half escaped.
  fc
    .tuple(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
    .chain(([high, low]) =>
      fc.constantFrom(
        `\\u${hex4(high, true)}\\u${hex4(low, false)}`,
        `${String.fromCharCode(high)}\\u${hex4(low, true)}`,
        `\\u${hex4(high, false)}${String.fromCharCode(low)}`,
      ),
    ),
  // Lone surrogates, which JSON.parse keeps.
  fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
)

/** The text of a string literal full of escapes and surrogates. */
export const stringLiteral = fc
  .array(stringPiece, { maxLength: 6 })
  .map((pieces) => `"${pieces.join('')}"`)

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max })

/** The text of a number in every form the grammar allows: `-0`, `1E+3`, `0.000`, `123e-0045`. */
export const numberLiteral = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 20))),
    fc.option(digits(1, 8), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 4)), {
      nil: undefined,
    }),
  )
  .map(([minus, int, fraction, exponent]) => {
    const integer = typeof int === 'string' ? int : int.join('')
    const frac = fraction === undefined ? '' : `.${fraction}`
    const exp = exponent === undefined ? '' : exponent.join('')
    return `${minus ? '-' : ''}${integer}${frac}${exp}`
  })

const literal = fc.constantFrom('true', 'false', 'null')

/** Keys that must become own properties, as with JSON.parse. */
const keyLiteral = fc.oneof(
  stringLiteral,
  fc.constantFrom('"__proto__"', '"constructor"', '"toString"', '"0"', '"1"', '""', '"a"'),
)

const padded = (text: fc.Arbitrary<string>) =>
  fc.tuple(whitespace, text, whitespace).map(([before, t, after]) => before + t + after)

/**
 * JSON texts with whitespace anywhere it is allowed and every form of string and number. Keys
 * within one object are distinct unless `duplicateKeys` is set.
 */
export function jsonText(options: { duplicateKeys?: boolean } = {}): fc.Arbitrary<string> {
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      stringLiteral,
      numberLiteral,
      literal,
      tie('array'),
      tie('object'),
    ),
    array: fc
      .tuple(whitespace, fc.array(padded(tie('value')), { maxLength: 5 }))
      .map(([inside, items]) => `[${items.length === 0 ? inside : items.join(',')}]`),
    object: fc
      .tuple(
        whitespace,
        options.duplicateKeys
          ? fc.array(fc.tuple(padded(keyLiteral), padded(tie('value'))), { maxLength: 5 })
          : fc.uniqueArray(fc.tuple(padded(keyLiteral), padded(tie('value'))), {
              maxLength: 5,
              selector: ([key]) => JSON.parse(key) as string,
            }),
      )
      .map(([inside, members]) =>
        members.length === 0
          ? `{${inside}}`
          : `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`,
      ),
  }))
  return padded(value)
}

/** `JSON.stringify` of `fc.jsonValue()` with random indentation. */
export const stringifiedJsonValue = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, 4, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent))

/** All valid documents the properties run on. */
export const validJson = fc.oneof(fc.json(), stringifiedJsonValue, jsonText())

/** Cut points into a text of length n; `true` cuts between every code unit. */
export const cuts = fc.oneof(
  { weight: 1, arbitrary: fc.constant(true as const) },
  { weight: 4, arbitrary: fc.array(fc.nat(), { maxLength: 12 }) },
)

/** `text` split at `cutPoints` (taken modulo its length): pieces that join back to it. */
export function split(text: string, cutPoints: true | readonly number[]): string[] {
  // split('') cuts between UTF-16 code units, so inside surrogate pairs too.
  if (cutPoints === true) return text.split('')
  const at = [...new Set(cutPoints.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const pieces: string[] = []
  let from = 0
  for (const cut of at) {
    pieces.push(text.slice(from, cut))
    from = cut
  }
  pieces.push(text.slice(from))
  return pieces
}

/** What a mutation inserts: characters that matter to JSON, and some that are never allowed. */
const MUTATION_CHARACTERS = '{}[]:,"\\ \n-+.eE0123456789tfnulrax`\'\u0000\u001f\u00a0'

/** A one-character insertion, deletion or replacement at a random place. */
export const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  character: fc.constantFrom(...MUTATION_CHARACTERS),
})

export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never

export function mutate(text: string, change: Mutation): string {
  const at = change.at % (text.length + 1)
  const rest = change.kind === 'insert' ? text.slice(at) : text.slice(at + 1)
  return text.slice(0, at) + (change.kind === 'delete' ? '' : change.character) + rest
}

/** Short random texts over JSON's alphabet: mostly invalid, sometimes valid. */
export const jsonishText = fc.string({
  unit: fc.constantFrom(...'{}[]:,"\\ -.e0123456789tfnul'.split(''), '"a"', 'true', '1'),
  maxLength: 12,
})
