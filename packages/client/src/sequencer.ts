import { parseSeq } from '@sluice/protocol'
import { asClientError } from './errors/protocol-failure.js'
import { SluiceError } from './errors/sluice-error.js'

/**
 * Exactly-once delivery by sequence number. Events arrive in order on every connection, and a
 * resume replays from the cursor, so one integer is all the memory this needs.
 */
export class Sequencer {
  #lastSeq: number

  constructor(lastSeq = 0) {
    this.#lastSeq = lastSeq
  }

  /** Seq of the last event delivered to the application (the resume cursor). */
  get lastSeq(): number {
    return this.#lastSeq
  }

  /**
   * Takes the `id:` of an event block: `true` if the block is new and must be delivered,
   * `false` if it repeats one already delivered. Throws on a gap or a malformed id.
   */
  accept(id: string): boolean {
    const seq = parseId(id)
    if (seq <= this.#lastSeq) return false
    if (seq !== this.#lastSeq + 1) {
      throw new SluiceError(
        'sequence-gap',
        `Event ${this.#lastSeq + 1} is missing: received ${seq} after ${this.#lastSeq}`,
      )
    }
    this.#lastSeq = seq
    return true
  }
}

function parseId(id: string): number {
  try {
    return parseSeq(id)
  } catch (error) {
    throw asClientError(error)
  }
}
