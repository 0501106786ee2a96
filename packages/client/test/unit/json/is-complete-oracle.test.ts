import fc from 'fast-check'
import { expect, it } from 'vitest'
import { type JsonPath, PartialJsonParser } from '../../../src/index.js'
import { cuts, jsonText, SEED, split } from './arbitraries.js'
import { pathsOf } from './consistency.js'

/** Where each value of a complete text with distinct keys ends: the offset after its last character, by path. */
function valueEnds(text: string): Map<string, number> {
  const ends = new Map<string, number>()
  let i = 0
  const skipSpace = () => {
    while (/[ \t\n\r]/.test(text.charAt(i))) i++
  }
  const skipString = () => {
    for (i++; text[i] !== '"'; i += text[i] === '\\' ? 2 : 1);
    i++
  }
  const read = (path: JsonPath): void => {
    skipSpace()
    const open = text[i]
    if (open === '[' || open === '{') {
      const close = open === '[' ? ']' : '}'
      i++
      skipSpace()
      for (let index = 0; text[i] !== close; index++) {
        let key: string | number = index
        if (open === '{') {
          const start = i
          skipString()
          key = JSON.parse(text.slice(start, i)) as string
          skipSpace()
          i++ // ':'
        }
        read([...path, key])
        skipSpace()
        if (text[i] === ',') i++
        skipSpace()
      }
      i++
    } else if (open === '"') {
      skipString()
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text.charAt(i))) i++
    }
    ends.set(JSON.stringify(path), i)
  }
  read([])
  return ends
}

it('says a path is complete exactly when the text of its value has been read to its end', () => {
  fc.assert(
    fc.property(jsonText(), cuts, fc.boolean(), (text, at, snapshots) => {
      const ends = valueEnds(text)
      const parser = new PartialJsonParser({ snapshots })
      let read = 0
      for (const piece of split(text, at)) {
        parser.push(piece)
        read += piece.length
        const value = parser.value
        if (value === undefined) continue
        for (const path of pathsOf(value)) {
          const end = ends.get(JSON.stringify(path)) as number
          expect(parser.isComplete(path), `${JSON.stringify(path)} after ${read}`).toBe(end <= read)
        }
      }
    }),
    { seed: SEED, numRuns: 500 },
  )
})
