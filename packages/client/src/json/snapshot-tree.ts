import { type Child, ContainerNode, StringNode, snapshotOf } from './json-nodes.js'
import { JsonTree } from './json-tree.js'
import type { JsonValue } from './json-value.js'

/**
 * The document as far as it can be shown, as nodes that hand out immutable snapshots (see
 * json-nodes.ts): it marks what changed for the next snapshot.
 */
export class SnapshotTree extends JsonTree<Child, ContainerNode> {
  #string: StringNode | undefined

  get inArray(): boolean {
    return this.stack[this.stack.length - 1]?.isArray === true
  }

  appendText(piece: string): void {
    // Concatenation: engines build ropes, so a long string grows in linear total time.
    ;(this.#string as StringNode).text += piece
    this.#touch(this.stack.length - 1)
  }

  value(): JsonValue | undefined {
    return this.root === undefined ? undefined : snapshotOf(this.root)
  }

  protected newContainer(isArray: boolean): ContainerNode {
    return new ContainerNode(isArray)
  }

  protected newString(): StringNode {
    const node = new StringNode()
    this.#string = node
    return node
  }

  protected childOf(parent: Child, key: string | number): Child | undefined {
    return parent instanceof ContainerNode ? parent.child(key) : undefined
  }

  protected attachTo(parent: ContainerNode, child: Child): string | number {
    const slot = parent.add(this.memberKey, child)
    this.#touch(this.stack.length - 2)
    return slot
  }

  /** Marks the containers from depth `d` up to the root as changed, stopping at a marked one. */
  #touch(d: number): void {
    const stack = this.stack
    while (d >= 0 && (stack[d] as ContainerNode).touch()) d--
  }
}
