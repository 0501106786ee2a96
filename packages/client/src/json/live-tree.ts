import { setMember } from './json-nodes.js'
import { JsonTree } from './json-tree.js'
import type { JsonObject, JsonValue } from './json-value.js'

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
  #text = ''

  get inArray(): boolean {
    return Array.isArray(this.stack[this.stack.length - 1])
  }

  appendText(piece: string): void {
    // The value is written when read or ended, not per piece: at most one store per read.
    this.#text += piece
  }

  override endString(): void {
    this.#flushText()
    super.endString()
  }

  value(): JsonValue | undefined {
    if (this.stringOpen) this.#flushText()
    return this.root
  }

  protected newContainer(isArray: boolean): Container {
    return isArray ? [] : {}
  }

  protected newString(): string {
    this.#text = ''
    return ''
  }

  protected childOf(parent: JsonValue, key: string | number): JsonValue | undefined {
    // An index only into an array, a key only into an object.
    if (typeof parent !== 'object' || parent === null) return undefined
    if (Array.isArray(parent) !== (typeof key === 'number') || !Object.hasOwn(parent, key)) {
      return undefined
    }
    return (parent as JsonObject)[key]
  }

  protected attachTo(parent: Container, value: JsonValue): string | number {
    if (Array.isArray(parent)) return parent.push(value) - 1
    setMember(parent, this.memberKey, value)
    return this.memberKey
  }

  #flushText(): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent === undefined) this.root = this.#text
    else if (Array.isArray(parent)) parent[parent.length - 1] = this.#text
    else setMember(parent, this.memberKey, this.#text)
  }
}
