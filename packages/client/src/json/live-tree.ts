import { setMember } from './json-nodes.js'
import type { JsonTree } from './json-tree.js'
import type { JsonObject, JsonPath, JsonValue } from './json-value.js'

type Container = JsonObject | JsonValue[]

/**
 * The document as one plain value that later pushes update in place (`snapshots: false`).
 *
 * Why it exists: an immutable snapshot after every delta must give a new object to each
 * container on the path to what changed, so reading one costs the total width of those
 * containers (a copy of a 10,000-element array for each character of its last element). In
 * place, each change costs O(1) whatever the document's shape, and no node tree is kept beside
 * the value: what a consumer that reads after every delta without comparing identities (a store
 * with its own change tracking, a server, a log) needs.
 */
export class LiveTree implements JsonTree {
  #root: JsonValue | undefined
  readonly #stack: Container[] = []
  /**
   * Where each open container sits in its parent (none for the root), then the open string's
   * slot: the path of what can still change.
   */
  readonly #openPath: (string | number)[] = []
  #stringOpen = false
  #inKey = false
  #key = ''
  #text = ''
  /** Key of the member whose value comes next. */
  #memberKey = ''

  get depth(): number {
    return this.#stack.length
  }

  get inArray(): boolean {
    return Array.isArray(this.#stack[this.#stack.length - 1])
  }

  openContainer(isArray: boolean): void {
    const container = isArray ? [] : {}
    this.#add(container)
    this.#stack.push(container)
  }

  closeContainer(): void {
    this.#stack.pop()
    // The container's own slot, unless it is the root.
    if (this.#stack.length > 0) this.#openPath.pop()
  }

  startString(isKey: boolean): void {
    this.#inKey = isKey
    if (isKey) {
      this.#key = ''
      return
    }
    this.#text = ''
    this.#stringOpen = true
    this.#add('')
  }

  appendText(piece: string): void {
    // The value is written when read or ended, not per piece: at most one store per read.
    if (this.#inKey) this.#key += piece
    else this.#text += piece
  }

  endString(): boolean {
    if (this.#inKey) {
      this.#inKey = false
      this.#memberKey = this.#key
      return true
    }
    this.#flushText()
    this.#stringOpen = false
    if (this.#stack.length > 0) this.#openPath.pop()
    return false
  }

  addScalar(value: null | boolean | number): void {
    this.#add(value)
    if (this.#stack.length > 0) this.#openPath.pop()
  }

  value(): JsonValue | undefined {
    if (this.#stringOpen) this.#flushText()
    return this.#root
  }

  isComplete(path: JsonPath): boolean {
    if (this.#root === undefined) return false
    let value: JsonValue = this.#root
    for (const key of path) {
      if (Array.isArray(value)) {
        if (typeof key !== 'number' || !(key >= 0 && key < value.length)) return false
        value = value[key] as JsonValue
      } else if (typeof value === 'object' && value !== null && typeof key === 'string') {
        if (!Object.hasOwn(value, key)) return false
        value = value[key] as JsonValue
      } else {
        return false
      }
    }
    return !this.#isOpen(path)
  }

  /** Whether `path` leads to an open container or the open string. */
  #isOpen(path: JsonPath): boolean {
    const open = this.#openPath
    // The root is open while anything is; below it, the path must follow the open slots.
    if (this.#stack.length === 0 && !this.#stringOpen) return false
    if (path.length > open.length) return false
    for (let i = 0; i < path.length; i++) if (path[i] !== open[i]) return false
    return true
  }

  /** A new child of the innermost open container, the root if none is open. */
  #add(value: JsonValue): void {
    const stack = this.#stack
    const top = stack[stack.length - 1]
    if (top === undefined) {
      this.#root = value
    } else if (Array.isArray(top)) {
      this.#openPath.push(top.push(value) - 1)
    } else {
      setMember(top as JsonObject, this.#memberKey, value)
      this.#openPath.push(this.#memberKey)
    }
  }

  #flushText(): void {
    const top = this.#stack[this.#stack.length - 1]
    if (top === undefined) this.#root = this.#text
    else if (Array.isArray(top)) top[top.length - 1] = this.#text
    else setMember(top as JsonObject, this.#memberKey, this.#text)
  }
}
