import { isDeepStrictEqual } from 'node:util'
import { expect } from 'vitest'
import type { JsonPath, JsonValue } from '../../../src/index.js'

/**
 * Deep equality as JSON sees it: `Object.is` for numbers (so -0 counts), prototypes checked, and
 * members named `constructor` compared as data (vitest's toStrictEqual reads them as the type).
 */
export function expectJsonEqual(actual: unknown, expected: unknown, message?: string): void {
  if (isDeepStrictEqual(actual, expected)) return
  expect(actual, message).toStrictEqual(expected)
  expect.fail(
    `${message ?? 'values'} differ: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
  )
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null

/**
 * Asserts that `earlier` can grow into `later`: a string is a prefix, an array a prefix whose
 * last element may still grow, an object a subset of the members with values that may grow, and
 * anything else is equal (Object.is, so -0 counts). Never a change of type.
 */
export function expectGrowsInto(earlier: JsonValue, later: JsonValue, path: JsonPath = []): void {
  const where = `at ${JSON.stringify(path)}`
  if (typeof earlier === 'string') {
    expect(typeof later, where).toBe('string')
    expect((later as string).startsWith(earlier), where).toBe(true)
  } else if (Array.isArray(earlier)) {
    expect(Array.isArray(later), where).toBe(true)
    const items = later as JsonValue[]
    expect(earlier.length, where).toBeLessThanOrEqual(items.length)
    earlier.forEach((item, i) => {
      if (i < earlier.length - 1) expectJsonEqual(item, items[i], where)
      else expectGrowsInto(item, items[i] as JsonValue, [...path, i])
    })
  } else if (isContainer(earlier)) {
    expect(isContainer(later) && !Array.isArray(later), where).toBe(true)
    const members = later as { [key: string]: JsonValue }
    for (const [key, value] of Object.entries(earlier)) {
      expect(Object.hasOwn(members, key), `${where}: ${key}`).toBe(true)
      expectGrowsInto(value, members[key] as JsonValue, [...path, key])
    }
  } else {
    expect(Object.is(earlier, later), `${where}: ${earlier} vs ${later}`).toBe(true)
  }
}

/**
 * Asserts structural sharing between two successive snapshots: a container whose content did
 * not change is the identical object, and one that changed is a new object.
 */
export function expectShared(earlier: JsonValue, later: JsonValue): void {
  if (!isContainer(earlier) || !isContainer(later)) return
  if (isDeepStrictEqual(earlier, later)) {
    expect(later).toBe(earlier)
    return
  }
  expect(later).not.toBe(earlier)
  if (Array.isArray(earlier) && Array.isArray(later)) {
    earlier.forEach((item, i) => {
      if (i < later.length) expectShared(item, later[i] as JsonValue)
    })
  } else if (!Array.isArray(earlier) && !Array.isArray(later)) {
    const members = later as { [key: string]: JsonValue }
    for (const [key, value] of Object.entries(earlier)) {
      if (Object.hasOwn(members, key)) expectShared(value, members[key] as JsonValue)
    }
  }
}

/** Every path in `value`, the root first. */
export function pathsOf(value: JsonValue, path: JsonPath = []): JsonPath[] {
  if (!isContainer(value)) return [path]
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value)
  return [path, ...entries.flatMap(([key, child]) => pathsOf(child, [...path, key]))]
}

export function valueAt(value: JsonValue, path: JsonPath): JsonValue {
  let current = value
  for (const key of path) current = (current as { [key: string]: JsonValue })[key] as JsonValue
  return current
}

/** The 1-based line and column of `offset`, counting LF, CR and CRLF as line breaks. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lines = before.split(/\r\n|\r|\n/)
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 }
}
