import type { JsonPath, JsonValue } from './json-value.js'

/** Receives the decoded text of the string being read. */
export interface TextSink {
  appendText(piece: string): void
}

/**
 * What the scanner tells about the document as it reads it, and what the parser asks of it. Two
 * implementations: `SnapshotTree` hands out immutable, structurally shared snapshots, `LiveTree`
 * keeps one plain value up to date in place (the parser's `snapshots` option). What they share
 * is here: the stack of open containers, the path of what can still change, and keys, which are
 * the scanner's: a key shows nothing, so a tree only learns it as `memberKey`, once it is read.
 * `Child` is what a container holds, `Container` what the stack of open containers holds.
 */
export abstract class JsonTree<Child = unknown, Container extends Child = Child>
  implements TextSink
{
  /** Key of the member whose value comes next. */
  memberKey = ''
  protected root: Child | undefined
  protected readonly stack: Container[] = []
  /** Whether a string value is being read. */
  protected stringOpen = false
  /**
   * Where each open container sits in its parent (none for the root), then the open string's
   * slot: the path of what can still change.
   */
  readonly #openPath: (string | number)[] = []

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

  closeContainer(): void {
    this.stack.pop()
    this.#settled()
  }

  /** A string value shows at once, as `""`. */
  startString(): void {
    this.stringOpen = true
    this.attach(this.newString())
  }

  abstract appendText(piece: string): void

  endString(): void {
    this.stringOpen = false
    this.#settled()
  }

  /** A number, boolean or null, once complete. */
  addScalar(value: number | boolean | null): void {
    this.attach(value as Child)
    this.#settled()
  }

  /** The document so far; undefined until the root value shows. */
  abstract value(): JsonValue | undefined

  /**
   * Whether the value at `path` shows and can no longer change: it is in the document and off
   * the open path. The root is open while anything is; below it, a path is open as long as it
   * follows the open slots.
   */
  isComplete(path: JsonPath): boolean {
    let child = this.root
    if (child === undefined) return false
    let open = this.stack.length > 0 || this.stringOpen
    for (let d = 0; d < path.length; d++) {
      const key = path[d] as string | number
      child = this.childOf(child, key)
      if (child === undefined) return false
      open &&= this.#openPath[d] === key
    }
    return !open
  }

  protected abstract newContainer(isArray: boolean): Container
  /** The empty value of a string that starts. */
  protected abstract newString(): Child
  /** The child of `parent` at `key`, if `parent` is a container that has one. */
  protected abstract childOf(parent: Child, key: string | number): Child | undefined
  /** Adds `child` to `parent` as the member `memberKey`, or appends it; returns its slot. */
  protected abstract attachTo(parent: Container, child: Child): string | number

  /** A new child of the innermost open container, the root if none is open. */
  protected attach(child: Child): void {
    const parent = this.stack[this.stack.length - 1]
    if (parent === undefined) this.root = child
    else this.#openPath.push(this.attachTo(parent, child))
  }

  /** A value ended: its slot leaves the open path, unless it is the root. */
  #settled(): void {
    if (this.stack.length > 0) this.#openPath.pop()
  }
}
