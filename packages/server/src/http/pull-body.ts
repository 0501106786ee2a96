/** What a pull source hands its chunks to: text, which the host encodes as UTF-8. */
export interface ChunkSink {
  enqueue(chunk: string): void
  close(): void
  error(error?: unknown): void
  /** The pull that returned false is done (see `PullSource.pull`). */
  pulled(): void
}

/** A source that makes one chunk per `pull`, pulled only once the previous chunk was taken. */
export interface PullSource {
  start(): void
  /**
   * Hands the sink a chunk, or closes or errors it. Returns true when that is done now; false
   * when it comes later, and then calls `sink.pulled()` once it is, never before returning. A
   * callback rather than a promise: a live stream pulls once per event.
   */
  pull(sink: ChunkSink): boolean
  cancel(): void
}

const sources = new WeakMap<ReadableStream<Uint8Array>, PullSource>()
const encoder = new TextEncoder()

/** A web stream's controller as a sink: each chunk encoded as it is handed over. */
class EncodingSink implements ChunkSink {
  #pulled: (() => void) | undefined

  constructor(private readonly controller: ReadableStreamDefaultController<Uint8Array>) {}

  /** The web stream's pull: a promise only for a pull that is not done at once. */
  pull(source: PullSource): Promise<void> | undefined {
    if (source.pull(this)) return undefined
    return new Promise((resolve) => {
      this.#pulled = resolve
    })
  }

  pulled(): void {
    const resolve = this.#pulled
    this.#pulled = undefined
    resolve?.()
  }

  enqueue(chunk: string): void {
    this.controller.enqueue(encoder.encode(chunk))
  }

  close(): void {
    this.controller.close()
  }

  error(error?: unknown): void {
    this.controller.error(error)
  }
}

/**
 * A response body that pulls from `source` with no queue (`highWaterMark: 0`). A host adapter
 * may take the source back with `takePullSource` and drive it into its socket itself: on Node,
 * a web stream costs several promises and allocations per chunk, more than the write.
 */
export function pullBody(source: PullSource): ReadableStream<Uint8Array> {
  let sink: EncodingSink | undefined
  const body = new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        sink = new EncodingSink(controller)
        source.start()
      },
      pull: () => (sink as EncodingSink).pull(source),
      cancel: () => source.cancel(),
    },
    { highWaterMark: 0 },
  )
  sources.set(body, source)
  return body
}

/**
 * The source behind a body made by `pullBody`, once, if nothing has read the body: the caller
 * then drives it instead (`start` has already run) and must cancel it if the client goes away.
 */
export function takePullSource(body: ReadableStream<Uint8Array>): PullSource | undefined {
  const source = sources.get(body)
  if (!source || body.locked) return undefined
  sources.delete(body)
  return source
}
