import { ApiError } from './api-error.js'

export interface ConcurrencyLimits {
  /** Most generations running at once in this process. @defaultValue 1_000 */
  maxStreams: number
  /** Most generations one principal (see `authorize`) runs at once. @defaultValue 20 */
  maxStreamsPerPrincipal: number
  /** The `Retry-After` of the 429 that refuses one more. @defaultValue 1 */
  retryAfterSeconds: number
}

export const defaultConcurrencyLimits: ConcurrencyLimits = {
  maxStreams: 1_000,
  maxStreamsPerPrincipal: 20,
  retryAfterSeconds: 1,
}

/**
 * Counts running generations, in total and per principal, and refuses one beyond a limit with
 * `429 too-many-streams` and `Retry-After`. Anonymous streams count only toward the total.
 */
export class StreamSlots {
  #total = 0
  readonly #byPrincipal = new Map<string, number>()

  constructor(private readonly limits: ConcurrencyLimits) {}

  /** Takes a slot; the returned function gives it back (once). */
  acquire(principal: string | undefined): () => void {
    const { maxStreams, maxStreamsPerPrincipal, retryAfterSeconds } = this.limits
    const mine = principal === undefined ? 0 : (this.#byPrincipal.get(principal) ?? 0)
    if (this.#total >= maxStreams || mine >= maxStreamsPerPrincipal) {
      const whose = this.#total >= maxStreams ? 'this server' : 'you'
      throw new ApiError(
        429,
        'too-many-streams',
        `Too many streams running for ${whose}; try again later`,
        undefined,
        retryAfterSeconds,
      )
    }
    this.#total++
    if (principal !== undefined) this.#byPrincipal.set(principal, mine + 1)
    let held = true
    return () => {
      if (!held) return
      held = false
      this.#total--
      if (principal === undefined) return
      const left = (this.#byPrincipal.get(principal) ?? 1) - 1
      if (left === 0) this.#byPrincipal.delete(principal)
      else this.#byPrincipal.set(principal, left)
    }
  }
}
