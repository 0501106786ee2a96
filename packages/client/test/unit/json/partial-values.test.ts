import { describe, expect, it } from 'vitest'
import { type JsonValue, PartialJsonParser, parsePartialJson } from '../../../src/index.js'
import { expectJsonEqual } from './consistency.js'

/** The value after each of `pieces`, then the final one. */
function valuesAfter(pieces: readonly string[]): {
  values: (JsonValue | undefined)[]
  final: JsonValue
} {
  const parser = new PartialJsonParser()
  const values = pieces.map((piece) => {
    parser.push(piece)
    return parser.value
  })
  return { values, final: parser.end() }
}

describe('strings', () => {
  it('show as soon as they start, and grow', () => {
    expect(valuesAfter(['{"a": "', 'he', 'llo', '"}']).values).toEqual([
      { a: '' },
      { a: 'he' },
      { a: 'hello' },
      { a: 'hello' },
    ])
  })

  it('show nothing of an escape cut in the middle', () => {
    const { values, final } = valuesAfter(['"x\\', 'u', '00', 'e', '9', 'y\\', 'n"'])
    expect(values).toEqual(['x', 'x', 'x', 'x', 'xé', 'xéy', 'xéy\n'])
    expect(final).toBe('xéy\n')
  })

  it('decode every escape', () => {
    const text = String.raw`"\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u00E9 \u2028"`
    expect(valuesAfter(text.split('')).final).toBe(JSON.parse(text))
  })

  it('hold back a raw high surrogate until its low surrogate arrives', () => {
    const { values, final } = valuesAfter(['"a\uD83D', '\uDE00b"'])
    expect(values).toEqual(['a', 'a😀b'])
    expect(final).toBe('a😀b')
  })

  it('hold back an escaped high surrogate until its low surrogate arrives', () => {
    const { values } = valuesAfter(['["\\uD83D', '\\u', 'DE0', '0', '"]'])
    expect(values).toEqual([[''], [''], [''], ['😀'], ['😀']])
  })

  it('pair an escaped high surrogate with a raw low one, and the other way round', () => {
    expect(valuesAfter(['"\\uD83D', '\uDE00"']).values).toEqual(['', '😀'])
    expect(valuesAfter(['"\uD83D', '\\uDE00"']).values).toEqual(['', '😀'])
  })

  it('keep a lone surrogate as JSON.parse does, once something else follows', () => {
    const { values, final } = valuesAfter(['"\\uD83D', 'x', '\\uDE00"'])
    expect(values).toEqual(['', '\uD83Dx', '\uD83Dx\uDE00'])
    expect(final).toBe(JSON.parse('"\\uD83Dx\\uDE00"'))
    expect(valuesAfter(['"\\uDBFF', '"']).final).toBe('\uDBFF')
  })

  it('read raw characters outside the BMP split between their code units', () => {
    const text = '"𝄞 and 😀"'
    expect(valuesAfter(text.split('')).final).toBe('𝄞 and 😀')
  })

  it('read a 1 MB string in 1-character deltas', () => {
    const content = 'abcdefghij\\n€😀'.repeat(70_000)
    const text = `{"text": "${content}"}`
    const parser = new PartialJsonParser()
    for (let i = 0; i < text.length; i++) {
      parser.push(text.charAt(i))
      if (i % 4096 === 0) expect(typeof parser.value).toBe('object')
    }
    expect(parser.end()).toEqual(JSON.parse(text))
  })
})

describe('numbers', () => {
  it.each(['-', '1.', '1e', '1E+', '1e-', '-0.', '12'])('show nothing when cut at %j', (cut) => {
    expect(parsePartialJson(`{"n": ${cut}`)).toEqual({})
    expect(parsePartialJson(`[${cut}`)).toEqual([])
  })

  it('show once a delimiter follows', () => {
    expect(valuesAfter(['[1', '2', ' ', ',-', '0.5', 'e', '-3', ']']).values).toEqual([
      [],
      [],
      [12],
      [12],
      [12],
      [12],
      [12],
      [12, -0.5e-3],
    ])
  })

  it('show at the root only once the input ends, or whitespace follows', () => {
    const parser = new PartialJsonParser()
    parser.push('4')
    parser.push('2')
    expect(parser.value).toBeUndefined()
    expect(parser.done).toBe(false)
    expect(parser.end()).toBe(42)
    expect(parser.isComplete([])).toBe(true)
    expect(parsePartialJson('42 ')).toBe(42)
  })

  it('are whatever JSON.parse makes of them: -0, large and precise ones', () => {
    for (const text of [
      '-0',
      '-0.0e0',
      '1E+400',
      '-1e-400',
      '12345678901234567890123',
      '0.1000000000000000055511151231257827',
    ]) {
      const parser = new PartialJsonParser()
      parser.push(`[${text}]`)
      expectJsonEqual(parser.end(), [JSON.parse(text)])
    }
  })
})

describe('literals', () => {
  it.each(['t', 'tr', 'tru', 'f', 'fals', 'n', 'nul'])('show nothing when cut at %j', (cut) => {
    expect(parsePartialJson(`[${cut}`)).toEqual([])
    expect(parsePartialJson(cut)).toBeUndefined()
  })

  it('show once complete', () => {
    expect(valuesAfter(['[tr', 'ue', ',nu', 'll,false', ']']).values).toEqual([
      [],
      [true],
      [true],
      [true, null, false],
      [true, null, false],
    ])
    expect(parsePartialJson('true')).toBe(true)
  })
})

describe('objects and arrays', () => {
  it('show a member once its value shows, never a key cut mid-way', () => {
    const { values } = valuesAfter([
      '{"ti',
      'tle"',
      ': ',
      '"A',
      '", "n": 1',
      ', "tags": [',
      '"x"]}',
    ])
    expect(values).toEqual([
      {},
      {},
      {},
      { title: 'A' },
      { title: 'A' },
      { title: 'A', n: 1, tags: [] },
      { title: 'A', n: 1, tags: ['x'] },
    ])
  })

  it('say which paths are complete', () => {
    const parser = new PartialJsonParser()
    parser.push('{"a": "x", "b": [1, {"c": "y')
    expect(parser.isComplete(['a'])).toBe(true)
    expect(parser.isComplete(['b', 0])).toBe(true)
    expect(parser.isComplete(['b', 1, 'c'])).toBe(false)
    expect(parser.isComplete(['b', 1])).toBe(false)
    expect(parser.isComplete(['b'])).toBe(false)
    expect(parser.isComplete([])).toBe(false)
    expect(parser.isComplete(['missing'])).toBe(false)
    expect(parser.isComplete(['b', 'length'])).toBe(false)
    expect(parser.isComplete(['a', 0])).toBe(false)
    parser.push('"}]}')
    expect(parser.isComplete(['b', 1])).toBe(true)
    expect(parser.isComplete([])).toBe(true)
    expect(parser.done).toBe(true)
  })

  it('read whitespace everywhere JSON allows it', () => {
    const text = ' \t\r\n{ \n"a" \r\n: \t[ 1 , \n true ,\r"x" ] ,"b"\t:{ } , "c" : [ ] }\n\t '
    expect(valuesAfter(text.split('')).final).toEqual(JSON.parse(text))
  })

  it('make keys such as __proto__ and constructor own properties, as JSON.parse does', () => {
    const text =
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}, "a": [{"__proto__": []}]}'
    const parser = new PartialJsonParser()
    for (const piece of text.split('')) parser.push(piece)
    const value = parser.end() as Record<string, JsonValue>
    expectJsonEqual(value, JSON.parse(text))
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'a'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keep the last value of a duplicate key in the place of the first, as JSON.parse does', () => {
    const text = '{"a": "first", "b": 1, "a": [2]}'
    const { values, final } = valuesAfter(['{"a": "first", "b": 1, "a": ', '[', '2]}'])
    expect(values[1]).toEqual({ a: [], b: 1 })
    expect(final).toEqual(JSON.parse(text))
    expect(Object.keys(final as object)).toEqual(['a', 'b'])
  })
})

describe('snapshots', () => {
  it('are the identical object until a push changes them', () => {
    const parser = new PartialJsonParser()
    parser.push('{"a": {"b": [1, 2]}, "c": "x')
    const first = parser.value
    expect(parser.value).toBe(first)
    parser.push(' 1') // inside the string "c": a change
    parser.push('') // nothing
    const second = parser.value as Record<string, JsonValue>
    expect(second).not.toBe(first)
    expect(second.a).toBe((first as Record<string, JsonValue>).a)
    parser.push('", "d": tr') // "d" does not show yet: nothing that shows changed
    expect(parser.value).toEqual({ a: { b: [1, 2] }, c: 'x 1' })
    const third = parser.value
    parser.push('u')
    expect(parser.value).toBe(third)
    expect(first).toEqual({ a: { b: [1, 2] }, c: 'x' })
  })

  it('give new objects only on the path to what changed', () => {
    const parser = new PartialJsonParser()
    parser.push('{"done": {"x": [1]}, "list": [{"k": "v"}, {"k": "w')
    const before = parser.value as { done: unknown; list: [unknown, { k: string }] }
    parser.push('w')
    const after = parser.value as typeof before
    expect(after).not.toBe(before)
    expect(after.done).toBe(before.done)
    expect(after.list).not.toBe(before.list)
    expect(after.list[0]).toBe(before.list[0])
    expect(after.list[1]).not.toBe(before.list[1])
    expect(before.list[1].k).toBe('w')
    expect(after.list[1].k).toBe('ww')
  })

  it('end() returns the last snapshot, and the same value every time', () => {
    const parser = new PartialJsonParser()
    parser.push('[{"a": 1}]')
    const value = parser.value
    expect(parser.end()).toBe(value)
    expect(parser.end()).toBe(value)
  })
})
