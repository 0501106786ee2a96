import type { SluiceStreamHandle } from '@sluice/react'
import { useEffect, useReducer, useRef } from 'react'
import { isRunning } from './stream-running.js'

/** How often the metrics are read while a stream runs. */
const TICK_MS = 250

/**
 * The stream's metrics, read again every tick while it runs: the page renders on a change of the
 * stream's state, and a silence (a stalled model, a held-back body) changes nothing but heartbeats.
 * Also how long since the last token, while running (after the first).
 */
export function useLiveMetrics(handle: SluiceStreamHandle) {
  const [, tick] = useReducer((count: number) => count + 1, 0)
  const running = isRunning(handle.status)
  useEffect(() => {
    if (!running) return
    const timer = setInterval(tick, TICK_MS)
    return () => clearInterval(timer)
  }, [running])
  const metrics = running && handle.stream ? handle.stream.metrics : handle.metrics
  // When the token count last changed, as seen from here.
  const lastToken = useRef({ tokens: metrics.tokens, at: performance.now() })
  if (lastToken.current.tokens !== metrics.tokens)
    lastToken.current = { tokens: metrics.tokens, at: performance.now() }
  const silentMs =
    running && metrics.tokens > 0 ? performance.now() - lastToken.current.at : undefined
  return { metrics, silentMs }
}
