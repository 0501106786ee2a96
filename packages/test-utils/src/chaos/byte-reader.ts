/**
 * Reads a socket's bytes by delimiter or as they come. What one HTTP message over-read is given
 * back for the next, since a kept-alive client sends its next request on the same socket.
 */
export class ByteReader {
  readonly #iterator: AsyncIterator<Buffer>
  #buffered: Buffer = Buffer.alloc(0)
  /** The one read in flight, shared by every caller so that no bytes are taken twice. */
  #pending: Promise<boolean> | undefined
  #ended = false

  constructor(source: AsyncIterable<Buffer>) {
    this.#iterator = source[Symbol.asyncIterator]()
  }

  /**
   * Settles once the input has ended or failed. Reads ahead to notice, keeping what it reads:
   * a peer that is gone is not noticed by a socket nobody reads.
   */
  async ended(): Promise<void> {
    while (await this.#fill().catch(() => false)) {}
  }

  /**
   * The bytes up to and including the first `delimiter`; `undefined` if the input ends before
   * any byte. Throws if it ends inside, or if no delimiter comes within `limit` bytes.
   */
  async readUntil(delimiter: string, limit: number): Promise<Buffer | undefined> {
    for (;;) {
      const at = this.#buffered.indexOf(delimiter, 0, 'latin1')
      if (at !== -1) return this.#take(at + delimiter.length)
      if (this.#buffered.length > limit) {
        throw new Error(`No ${JSON.stringify(delimiter)} within ${limit} bytes`)
      }
      if (!(await this.#fill())) {
        if (this.#buffered.length === 0) return undefined
        throw new Error('The input ended inside a message head')
      }
    }
  }

  /** What is buffered, else the next bytes to arrive; `undefined` once the input has ended. */
  async read(): Promise<Buffer | undefined> {
    if (this.#buffered.length === 0 && !(await this.#fill())) return undefined
    return this.#take(this.#buffered.length)
  }

  /** Gives bytes back, to be read first. */
  unread(bytes: Uint8Array): void {
    if (bytes.length > 0) this.#buffered = Buffer.concat([bytes, this.#buffered])
  }

  #take(length: number): Buffer {
    const taken = this.#buffered.subarray(0, length)
    this.#buffered = this.#buffered.subarray(length)
    return taken
  }

  /** Reads more into the buffer: false once the input has ended. */
  #fill(): Promise<boolean> {
    if (this.#ended) return Promise.resolve(false)
    this.#pending ??= this.#iterator.next().then(
      (next) => {
        this.#pending = undefined
        if (next.done) this.#ended = true
        else this.#buffered = Buffer.concat([this.#buffered, next.value])
        return !next.done
      },
      (error: unknown) => {
        this.#pending = undefined
        this.#ended = true
        throw error
      },
    )
    return this.#pending
  }
}
