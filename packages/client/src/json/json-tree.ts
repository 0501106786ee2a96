import type { Scalar } from './json-nodes.js'
import type { JsonPath, JsonValue } from './json-value.js'

/** Receives the decoded text of the string being read. */
export interface TextSink {
  appendText(piece: string): void
}

/**
 * What the scanner tells about the document as it reads it, and what the parser asks of it. Two
 * implementations: `SnapshotTree` hands out immutable, structurally shared snapshots, `LiveTree`
 * keeps one plain value up to date in place (the parser's `snapshots` option). Keys are the
 * scanner's: a key shows nothing, so a tree only learns it as `memberKey`, once it is read.
 * `Child` is what a container holds, `Container` what the stack of open containers holds.
 */
export abstract class JsonTree<Child = unknown, Container extends Child = Child>
  implements TextSink
{
  /** Key of the member whose value comes next. */
  memberKey = ''
  protected root: Child | undefined
  protected readonly stack: Container[] = []

  /** How many containers are open. */
  get depth(): number {
    return this.stack.length
  }

  /** Whether the innermost open container is an array (false for an object or none). */
  abstract get inArray(): boolean

  openContainer(isArray: boolean): void {
    const container = this.newContainer(isArray)
    this.attach(container)
    this.stack.push(container)
  }

  abstract closeContainer(): void
  /** A string value shows at once, as `""`. */
  abstract startString(): void
  abstract appendText(piece: string): void
  abstract endString(): void

  /** A number, boolean or null, once complete. */
  addScalar(value: Scalar): void {
    this.attach(value as Child)
  }

  /** The document so far; undefined until the root value shows. */
  abstract value(): JsonValue | undefined
  /** Whether the value at `path` shows and can no longer change. */
  abstract isComplete(path: JsonPath): boolean

  protected abstract newContainer(isArray: boolean): Container
  /** Adds `child` to `parent`, the innermost open container, as the member `memberKey`. */
  protected abstract attachTo(parent: Container, child: Child): void

  /** A new child of the innermost open container, the root if none is open. */
  protected attach(child: Child): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent === undefined) this.root = child
    else this.attachTo(parent, child)
  }
}
