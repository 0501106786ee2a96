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
  /** Whether the node's value can no longer change. */
  readonly complete: boolean
  snapshot(): JsonValue
  child(key: string | number): Child | undefined
}

export function snapshotOf(child: Child): JsonValue {
  return typeof child === 'object' && child !== null ? child.snapshot() : child
}

export function isNode(child: Child): child is JsonNode {
  return typeof child === 'object' && child !== null
}

/** A string value still being read; its text only grows. */
export class StringNode implements JsonNode {
  text = ''
  complete = false

  snapshot(): string {
    return this.text
  }

  child(): undefined {
    return undefined
  }
}

export abstract class ContainerNode implements JsonNode {
  complete = false
  readonly values: Child[] = []
  /** Index of the newest child: the only one that can still change. */
  protected open = -1
  /** Lowest index whose snapshot may have changed since the last read; `values.length` if none. */
  protected from = 0

  abstract readonly isArray: boolean
  abstract add(key: string, child: Child): void
  abstract snapshot(): JsonValue
  abstract child(key: string | number): Child | undefined

  /**
   * Records that the newest child changed. Returns false when the node was already marked, in
   * which case its ancestors are too: marking stops there, so it is amortised O(1) per change.
   */
  touch(): boolean {
    if (this.from <= this.open) return false
    this.from = this.open
    return true
  }
}

export class ArrayNode extends ContainerNode {
  readonly isArray = true
  #cache: JsonValue[] | undefined

  add(_key: string, child: Child): void {
    this.open = this.values.push(child) - 1
  }

  snapshot(): JsonValue[] {
    const { values, from } = this
    if (this.#cache !== undefined && from === values.length) return this.#cache
    // One copy of the previous snapshot, then its changed tail overwritten or appended.
    const out = this.#cache === undefined ? [] : this.#cache.slice()
    for (let k = from; k < values.length; k++) out[k] = snapshotOf(values[k] as Child)
    this.from = values.length
    this.#cache = out
    return out
  }

  child(key: string | number): Child | undefined {
    return typeof key === 'number' ? this.values[key] : undefined
  }
}

export class ObjectNode extends ContainerNode {
  readonly isArray = false
  readonly keys: string[] = []
  readonly #index = new Map<string, number>()
  #cache: JsonObject | undefined

  /**
   * [spec] ECMA-262 JSON.parse: with duplicate keys the last value wins, in the position of the
   * first. While streaming, the later value replaces the earlier one as soon as it is showable,
   * so that member can go back or change type: the one exception to "never goes backwards".
   */
  add(key: string, child: Child): void {
    const at = this.#index.get(key)
    if (at === undefined) {
      this.#index.set(key, this.values.length)
      this.keys.push(key)
      this.open = this.values.push(child) - 1
      return
    }
    this.values[at] = child
    this.open = at
    if (this.from > at) this.from = at
  }

  snapshot(): JsonObject {
    const { values, keys, from } = this
    if (this.#cache !== undefined && from === values.length) return this.#cache
    // Spreading copies own `__proto__` members as own data properties, as wanted.
    const out: JsonObject = this.#cache === undefined || from === 0 ? {} : { ...this.#cache }
    for (let k = from; k < values.length; k++) {
      setMember(out, keys[k] as string, snapshotOf(values[k] as Child))
    }
    this.from = values.length
    this.#cache = out
    return out
  }

  child(key: string | number): Child | undefined {
    if (typeof key !== 'string') return undefined
    const at = this.#index.get(key)
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
