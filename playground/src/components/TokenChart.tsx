import type { SluiceStream } from '@sluice/client'
import { useEffect, useRef } from 'react'

const WIDTH = 320
const HEIGHT = 80

interface Point {
  ms: number
  tokens: number
}

/**
 * Tokens received over time: flat stretches are stalls and cuts, steps are replays arriving at
 * once. Recorded at every change of the stream, drawn when the page renders (once a frame).
 */
export function TokenChart({ stream }: { stream: SluiceStream | undefined }) {
  const points = useRef<Point[]>([])
  useEffect(() => {
    points.current = []
    if (!stream) return
    const startedAt = performance.now()
    return stream.subscribe(() => {
      const { tokens } = stream.metrics
      const last = points.current.at(-1)
      if (last?.tokens !== tokens)
        points.current.push({ ms: performance.now() - startedAt, tokens })
    })
  }, [stream])
  const data = points.current
  const lastMs = Math.round(data.at(-1)?.ms ?? 0)
  const lastTokens = data.at(-1)?.tokens ?? 0
  // The axes' scale: at least 1, so that an empty chart divides by nothing.
  const maxMs = Math.max(1, data.at(-1)?.ms ?? 1)
  const maxTokens = Math.max(1, lastTokens)
  const line = data
    .map(
      ({ ms, tokens }) =>
        `${((ms / maxMs) * WIDTH).toFixed(1)},${(HEIGHT - (tokens / maxTokens) * HEIGHT).toFixed(1)}`,
    )
    .join(' ')
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        // Stretched to the axes drawn around it, whatever the panel's width.
        preserveAspectRatio="none"
        role="img"
        aria-label={`Token arrival: ${lastTokens} tokens in ${lastMs} ms`}
      >
        <polyline
          points={line}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <figcaption>Token arrival over time ({lastMs} ms)</figcaption>
    </figure>
  )
}
