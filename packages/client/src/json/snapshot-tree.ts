import {
  ArrayNode,
  type Child,
  type ContainerNode,
  isNode,
  ObjectNode,
  type Scalar,
  StringNode,
  snapshotOf,
} from './json-nodes.js'
import type { JsonTree } from './json-tree.js'
import type { JsonPath, JsonValue } from './json-value.js'

/**
 * The document as far as it can be shown, as nodes that hand out immutable snapshots (see
 * json-nodes.ts): it keeps the open containers on a stack and marks what changed for the next
 * snapshot.
 */
export class SnapshotTree implements JsonTree {
  #root: Child | undefined
  readonly #stack: ContainerNode[] = []
  #string: StringNode | undefined
  #inKey = false
  #key = ''
  /** Key of the member whose value comes next. */
  #memberKey = ''

  get depth(): number {
    return this.#stack.length
  }

  get inArray(): boolean {
    return this.#stack[this.#stack.length - 1]?.isArray === true
  }

  openContainer(isArray: boolean): void {
    const node = isArray ? new ArrayNode() : new ObjectNode()
    this.#attach(node)
    this.#stack.push(node)
  }

  closeContainer(): void {
    const node = this.#stack.pop() as ContainerNode
    node.complete = true
  }

  startString(isKey: boolean): void {
    this.#inKey = isKey
    if (isKey) {
      this.#key = ''
      return
    }
    const node = new StringNode()
    this.#string = node
    this.#attach(node)
  }

  appendText(piece: string): void {
    if (this.#inKey) {
      this.#key += piece
      return
    }
    // Concatenation: engines build ropes, so a long string grows in linear total time.
    ;(this.#string as StringNode).text += piece
    this.#touch(this.#stack.length - 1)
  }

  endString(): boolean {
    if (this.#inKey) {
      this.#inKey = false
      this.#memberKey = this.#key
      return true
    }
    ;(this.#string as StringNode).complete = true
    this.#string = undefined
    return false
  }

  addScalar(value: Scalar): void {
    this.#attach(value)
  }

  value(): JsonValue | undefined {
    return this.#root === undefined ? undefined : snapshotOf(this.#root)
  }

  isComplete(path: JsonPath): boolean {
    let child = this.#root
    if (child === undefined) return false
    for (const key of path) {
      if (!isNode(child)) return false
      child = child.child(key)
      if (child === undefined) return false
    }
    return !isNode(child) || child.complete
  }

  #attach(child: Child): void {
    const stack = this.#stack
    const top = stack[stack.length - 1]
    if (top === undefined) {
      this.#root = child
      return
    }
    top.add(this.#memberKey, child)
    this.#touch(stack.length - 2)
  }

  /** Marks the containers from depth `d` up to the root as changed, stopping at a marked one. */
  #touch(d: number): void {
    const stack = this.#stack
    while (d >= 0 && (stack[d] as ContainerNode).touch()) d--
  }
}
