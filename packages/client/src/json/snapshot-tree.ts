import { type Child, ContainerNode, isNode, StringNode, snapshotOf } from './json-nodes.js'
import { JsonTree } from './json-tree.js'
import type { JsonPath, JsonValue } from './json-value.js'

/**
 * The document as far as it can be shown, as nodes that hand out immutable snapshots (see
 * json-nodes.ts): it keeps the open containers on a stack and marks what changed for the next
 * snapshot.
 */
export class SnapshotTree extends JsonTree<Child, ContainerNode> {
  #string: StringNode | undefined

  get inArray(): boolean {
    return this.stack[this.stack.length - 1]?.isArray === true
  }

  closeContainer(): void {
    ;(this.stack.pop() as ContainerNode).complete = true
  }

  startString(): void {
    const node = new StringNode()
    this.#string = node
    this.attach(node)
  }

  appendText(piece: string): void {
    // Concatenation: engines build ropes, so a long string grows in linear total time.
    ;(this.#string as StringNode).text += piece
    this.#touch(this.stack.length - 1)
  }

  endString(): void {
    ;(this.#string as StringNode).complete = true
    this.#string = undefined
  }

  value(): JsonValue | undefined {
    return this.root === undefined ? undefined : snapshotOf(this.root)
  }

  isComplete(path: JsonPath): boolean {
    let child = this.root
    if (child === undefined) return false
    for (const key of path) {
      if (!isNode(child)) return false
      child = child.child(key)
      if (child === undefined) return false
    }
    return !isNode(child) || child.complete
  }

  protected newContainer(isArray: boolean): ContainerNode {
    return new ContainerNode(isArray)
  }

  protected attachTo(parent: ContainerNode, child: Child): void {
    parent.add(this.memberKey, child)
    this.#touch(this.stack.length - 2)
  }

  /** Marks the containers from depth `d` up to the root as changed, stopping at a marked one. */
  #touch(d: number): void {
    const stack = this.stack
    while (d >= 0 && (stack[d] as ContainerNode).touch()) d--
  }
}
