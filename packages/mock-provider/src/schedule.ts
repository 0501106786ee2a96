import { createRandom, type Random } from './random.js'

/** Spreads a delay over [½, 1½) of itself, in whole milliseconds so virtual times stay exact. */
export function jitter(ms: number, random: Random): number {
  return Math.round(ms * (0.5 + random()))
}

export interface MockScheduleOptions {
  seed: number
  tokens: number
  ttftMs: number
  tokenDelayMs: number
}

/**
 * When each text token of a fault-free scenario is due, in milliseconds after the call: the
 * same seeded delays the mock sleeps, so a load test can tell how late each token arrived.
 */
export function mockTokenSchedule({
  seed,
  tokens,
  ttftMs,
  tokenDelayMs,
}: MockScheduleOptions): number[] {
  const timing = createRandom(seed, 'timing')
  const due: number[] = []
  let at = jitter(ttftMs, timing)
  for (let index = 0; index < tokens; index++) {
    if (index > 0) at += jitter(tokenDelayMs, timing)
    due.push(at)
  }
  return due
}
