import { checkResponse } from './connection.js'
import { SluiceError } from './errors/sluice-error.js'
import type { ResolvedClientOptions } from './options.js'
import { cancelRequest } from './requests.js'
import type { StreamCursor } from './result.js'
import { withRetries } from './retry/with-retries.js'

/**
 * Sends `DELETE /v1/streams/:id` until the server has taken it (or the policy gives up). A
 * black-holed request must not hang: an answer slower than `timeoutMs` is a failed attempt,
 * retried like a stalled connection.
 */
export async function cancelStream(
  options: ResolvedClientOptions,
  cursor: StreamCursor,
  timeoutMs: number,
): Promise<void> {
  const { timers } = options
  await withRetries(options, async () => {
    const { url, init } = await cancelRequest(options, cursor)
    const attempt = new AbortController()
    const timer = timers.setTimeout(() => attempt.abort(), timeoutMs)
    try {
      const response = await options.fetch(url, { ...init, signal: attempt.signal })
      // 404: the stream ended and expired meanwhile; nothing is left to stop.
      if (!response.ok && response.status !== 404) await checkResponse(response, options.now())
      await response.body?.cancel()
    } catch (error) {
      if (!attempt.signal.aborted) throw error
      throw new SluiceError('stalled', `No answer to the cancel in ${timeoutMs} ms`)
    } finally {
      timers.clearTimeout(timer)
    }
  })
}
