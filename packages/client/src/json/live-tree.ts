import { setMember } from './json-nodes.js'
import { JsonTree } from './json-tree.js'
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
export class LiveTree extends JsonTree<JsonValue, Container> {
  /**
   * Where each open container sits in its parent (none for the root), then the open string's
   * slot: the path of what can still change.
   */
  readonly #openPath: (string | number)[] = []
  #stringOpen = false
  #text = ''

  get inArray(): boolean {
    return Array.isArray(this.stack[this.stack.length - 1])
  }

  closeContainer(): void {
    this.stack.pop()
    this.#settled()
  }

  startString(): void {
    this.#text = ''
    this.#stringOpen = true
    this.attach('')
  }

  appendText(piece: string): void {
    // The value is written when read or ended, not per piece: at most one store per read.
    this.#text += piece
  }

  endString(): void {
    this.#flushText()
    this.#stringOpen = false
    this.#settled()
  }

  override addScalar(value: null | boolean | number): void {
    super.addScalar(value)
    this.#settled()
  }

  value(): JsonValue | undefined {
    if (this.#stringOpen) this.#flushText()
    return this.root
  }

  isComplete(path: JsonPath): boolean {
    let value = this.root
    if (value === undefined) return false
    for (const key of path) {
      // An index only into an array, a key only into an object.
      if (typeof value !== 'object' || value === null) return false
      if (Array.isArray(value) !== (typeof key === 'number') || !Object.hasOwn(value, key)) {
        return false
      }
      value = (value as JsonObject)[key] as JsonValue
    }
    return !this.#isOpen(path)
  }

  protected newContainer(isArray: boolean): Container {
    return isArray ? [] : {}
  }

  protected attachTo(parent: Container, value: JsonValue): void {
    if (Array.isArray(parent)) {
      this.#openPath.push(parent.push(value) - 1)
    } else {
      setMember(parent, this.memberKey, value)
      this.#openPath.push(this.memberKey)
    }
  }

  /** Whether `path` leads to an open container or the open string. */
  #isOpen(path: JsonPath): boolean {
    const open = this.#openPath
    // The root is open while anything is; below it, the path must follow the open slots.
    if (this.stack.length === 0 && !this.#stringOpen) return false
    if (path.length > open.length) return false
    for (let i = 0; i < path.length; i++) if (path[i] !== open[i]) return false
    return true
  }

  /** A value ended: its slot leaves the open path, unless it is the root. */
  #settled(): void {
    if (this.stack.length > 0) this.#openPath.pop()
  }

  #flushText(): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent === undefined) this.root = this.#text
    else if (Array.isArray(parent)) parent[parent.length - 1] = this.#text
    else setMember(parent, this.memberKey, this.#text)
  }
}
