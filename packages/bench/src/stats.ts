/** The values at quantiles `qs` (0..1) of `values`, nearest rank, sorted once; NaN when empty. */
export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort()
  return qs.map((q) =>
    sorted.length === 0
      ? Number.NaN
      : (sorted[
          Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
        ] as number),
  )
}

// The client's partial-JSON bench already has the median (and the machine line) the benches share.
export { median, sink } from '../../client/bench/measure.js'

/** A number for a table: thousands separated, at most `digits` decimals. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits })
}
