/** What a pull source hands its chunks to: a web stream's controller, or a host's own sink. */
export type ChunkSink = Pick<
  ReadableStreamDefaultController<Uint8Array>,
  'enqueue' | 'close' | 'error'
>

/** A source that makes one chunk per `pull`, pulled only once the previous chunk was taken. */
export interface PullSource {
  start(): void
  pull(sink: ChunkSink): Promise<void>
  cancel(): void
}

const sources = new WeakMap<ReadableStream<Uint8Array>, PullSource>()

/**
 * A response body that pulls from `source` with no queue (`highWaterMark: 0`). A host adapter
 * may take the source back with `takePullSource` and drive it into its socket itself: on Node,
 * a web stream costs several promises and allocations per chunk, more than the write.
 */
export function pullBody(source: PullSource): ReadableStream<Uint8Array> {
  const body = new ReadableStream<Uint8Array>(
    {
      start: () => source.start(),
      pull: (controller) => source.pull(controller),
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
