import type { JsonObject, JsonValue } from './json-value.js'

/*
 * The parser builds these mutable nodes and hands out snapshots: plain arrays and objects, equal
 * to what `JSON.parse` gives for the parts seen so far. Snapshots are structurally shared. A node
 * caches its snapshot and rebuilds it only when something under it changed since the last read,
 * so reading the value twice returns the identical object, and after a push only the containers
 * on the path to what changed get new objects while every other subtree keeps its identity.
 * That is what lets memoised UI components (React.memo, useMemo, signals) skip the unchanged
 * parts of a growing document; and a changed container must get a new object, never be mutated
 * in place, or those same components would not see the change and a value handed out earlier
 * would change under its holder.
 *
 * Only the newest child of a container can still change (or, with a duplicate key, replace an
 * earlier member), so a container rebuilds its snapshot by copying the previous one up to the
 * first changed index and snapshotting the rest. The cost of a read is the total width of the
 * containers that changed, not the size of the document.
 */

/** A string, number, boolean or null that can no longer change. */
export type Scalar = null | boolean | number | string

/** What a container holds: settled scalars, and nodes for what may still grow. */
export type Child = Scalar | JsonNode

export interface JsonNode {
  snapshot(): JsonValue
}

export function snapshotOf(child: Child): JsonValue {
  return typeof child === 'object' && child !== null ? child.snapshot() : child
}

/** A string value still being read; its text only grows. */
export class StringNode implements JsonNode {
  text = ''

  snapshot(): string {
    return this.text
  }
}

/** An array or an object still being read. */
export class ContainerNode implements JsonNode {
  readonly values: Child[] = []
  /** An object's keys, in the order of its values; empty for an array. */
  readonly #keys: string[] = []
  /** Where each key's value is in `values`; undefined for an array. */
  readonly #index: Map<string, number> | undefined
  /** Index of the newest child: the only one that can still change. */
  #open = -1
  /** Lowest index whose snapshot may have changed since the last read; `values.length` if none. */
  #from = 0
  #cache: JsonValue[] | JsonObject | undefined

  constructor(readonly isArray: boolean) {
    this.#index = isArray ? undefined : new Map()
  }

  /**
   * [spec] ECMA-262 JSON.parse: with duplicate keys the last value wins, in the position of the
   * first. While streaming, the later value replaces the earlier one as soon as it is showable,
   * so that member can go back or change type: the one exception to "never goes backwards".
   * Returns where the child is: its key in an object, its index in an array.
   */
  add(key: string, child: Child): string | number {
    const values = this.values
    const index = this.#index
    const at = index?.get(key)
    if (at === undefined) {
      if (index !== undefined) {
        index.set(key, values.length)
        this.#keys.push(key)
      }
      this.#open = values.push(child) - 1
    } else {
      values[at] = child
      this.#open = at
      if (this.#from > at) this.#from = at
    }
    return index === undefined ? this.#open : key
  }

  /**
   * Records that the newest child changed. Returns false when the node was already marked, in
   * which case its ancestors are too: marking stops there, so it is amortised O(1) per change.
   */
  touch(): boolean {
    if (this.#from <= this.#open) return false
    this.#from = this.#open
    return true
  }

  snapshot(): JsonValue {
    const from = this.#from
    const cache = this.#cache
    if (cache !== undefined && from === this.values.length) return cache
    const out = this.isArray
      ? this.#arraySnapshot(cache as JsonValue[] | undefined, from)
      : this.#objectSnapshot(cache as JsonObject | undefined, from)
    this.#from = this.values.length
    this.#cache = out
    return out
  }

  #arraySnapshot(cache: JsonValue[] | undefined, from: number): JsonValue[] {
    const values = this.values
    // One copy of the previous snapshot, then its changed tail overwritten or appended.
    const out = cache === undefined ? [] : cache.slice()
    for (let k = from; k < values.length; k++) out[k] = snapshotOf(values[k] as Child)
    return out
  }

  #objectSnapshot(cache: JsonObject | undefined, from: number): JsonObject {
    const values = this.values
    const keys = this.#keys
    // Spreading copies own `__proto__` members as own data properties, as wanted.
    const out: JsonObject = cache === undefined || from === 0 ? {} : { ...cache }
    for (let k = from; k < values.length; k++) {
      setMember(out, keys[k] as string, snapshotOf(values[k] as Child))
    }
    return out
  }

  child(key: string | number): Child | undefined {
    const index = this.#index
    if (index === undefined) return typeof key === 'number' ? this.values[key] : undefined
    const at = typeof key === 'string' ? index.get(key) : undefined
    return at === undefined ? undefined : this.values[at]
  }
}

/**
 * Creates an own data property, as JSON.parse does: assigning `__proto__` would set the
 * prototype instead (prototype pollution, and a value that differs from JSON.parse's).
 */
export function setMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else {
    object[key] = value
  }
}
