import { SluiceError } from '../errors/sluice-error.js'

export interface PartialJsonOptions {
  /**
   * Accept a markdown code fence around the document, as models often add: leading whitespace,
   * ```` ``` ```` with an optional language tag (`json`), a line break, the document, optional
   * whitespace and a closing ```` ``` ````, then only whitespace. A fence that is opened must be
   * closed before `end()`. Without it, a document with no fence is accepted as usual.
   * @defaultValue false
   */
  allowMarkdownFence?: boolean
  /**
   * Deepest nesting of arrays and objects accepted (`[]` is 1); deeper is an `invalid-json`
   * error. It protects the stack of consumers that walk the value recursively.
   * @defaultValue 512
   */
  maxDepth?: number
  /**
   * Whether `value` is an immutable snapshot (true) or one live value that later pushes mutate
   * in place (false).
   *
   * Snapshots suit UIs that compare identities (React, memoised components): a change gives new
   * objects to the containers on its path and every other subtree keeps its identity. Making one
   * costs the total width of the containers that changed since the last read, so read it once per
   * frame rather than after every delta of a very large document. The live value costs O(1) per
   * change whatever the document's shape, and never changes identity: for consumers with their
   * own change tracking, servers and logs. Either way the value shows the same things at the same
   * time.
   * @defaultValue true
   */
  snapshots?: boolean
}

const DEFAULT_MAX_DEPTH = 512

export function resolvePartialJsonOptions(
  options: PartialJsonOptions,
): Required<PartialJsonOptions> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new SluiceError('invalid-argument', `maxDepth must be an integer >= 0, got ${maxDepth}`)
  }
  return {
    allowMarkdownFence: options.allowMarkdownFence ?? false,
    maxDepth,
    snapshots: options.snapshots ?? true,
  }
}
