import type { ResolvedClientOptions } from '../options.js'
import { sleep } from '../sleep.js'
import { classify } from './classify.js'
import { decideRetry } from './decide-retry.js'

/** Runs a one-off request (not a stream connection) until it succeeds or the policy gives up. */
export async function withRetries(
  options: Pick<ResolvedClientOptions, 'retry' | 'random' | 'timers'>,
  request: () => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request()
    } catch (caught) {
      const [failure, error] = classify(caught)
      const decision = decideRetry({
        failure,
        attempt,
        policy: options.retry,
        random: options.random,
      })
      if (!decision.retry) throw error
      // Never aborted: it is not the stream's signal, since stopping to read must not stop this.
      await sleep(options.timers, decision.delayMs, new AbortController().signal)
    }
  }
}
