import { createRandom } from '@sluice/mock-provider'
import { describe, expect, it } from 'vitest'
import {
  decideRetry,
  defaultRetryPolicy,
  type Failure,
  type RetryInput,
  type RetryPolicy,
} from '../../src/index.js'

const policy: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
}

/** The largest double below 1: `random()` can return it, never 1 itself. */
const ALMOST_ONE = 1 - 2 ** -53

function decide(failure: Failure, overrides: Partial<RetryInput> = {}) {
  return decideRetry({ failure, attempt: 1, policy, random: () => 0.5, ...overrides })
}

describe('decideRetry', () => {
  it('has the documented defaults', () => {
    expect(defaultRetryPolicy).toEqual({
      maxAttempts: 8,
      initialDelayMs: 1_000,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 120_000,
    })
  })

  describe('by failure kind', () => {
    it.each([
      ['network', { kind: 'network' }, true],
      ['stalled', { kind: 'stalled' }, true],
      ['truncated', { kind: 'truncated' }, true],
      ['fatal', { kind: 'fatal' }, false],
    ] satisfies [string, Failure, boolean][])('%s → retry %s', (_, failure, retry) => {
      expect(decide(failure).retry).toBe(retry)
    })

    it('never retries a fatal failure, whatever the attempt', () => {
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        expect(decide({ kind: 'fatal' }, { attempt })).toEqual({ retry: false })
      }
    })
  })

  describe('by status', () => {
    it.each([
      [400, false],
      [401, false],
      [403, false],
      [404, false],
      [409, false],
      [408, true],
      [425, true],
      [429, true],
      [500, true],
      [502, true],
      [503, true],
      [504, true],
      [599, true],
      [600, false],
    ])('%i → retry %s', (status, retry) => {
      expect(decide({ kind: 'status', status }).retry).toBe(retry)
    })

    it('does not retry a fatal status even with a Retry-After', () => {
      expect(decide({ kind: 'status', status: 400, retryAfterMs: 1 })).toEqual({ retry: false })
    })
  })

  describe('attempt limit', () => {
    const retryable: Failure[] = [
      { kind: 'network' },
      { kind: 'stalled' },
      { kind: 'truncated' },
      { kind: 'status', status: 503 },
    ]

    it.each(retryable.map((failure) => [failure.kind, failure] as const))(
      '%s: attempt maxAttempts still retries, maxAttempts + 1 does not',
      (_, failure) => {
        expect(decide(failure, { attempt: policy.maxAttempts }).retry).toBe(true)
        expect(decide(failure, { attempt: policy.maxAttempts + 1 })).toEqual({ retry: false })
      },
    )

    it('maxAttempts 0 never retries', () => {
      const noRetries = { ...policy, maxAttempts: 0 }
      expect(decide({ kind: 'network' }, { policy: noRetries })).toEqual({ retry: false })
    })
  })

  describe('full-jitter backoff', () => {
    it('random 0 waits 0 ms', () => {
      expect(decide({ kind: 'network' }, { random: () => 0 })).toEqual({ retry: true, delayMs: 0 })
    })

    it('random just below 1 waits just under the ceiling', () => {
      expect(decide({ kind: 'network' }, { random: () => ALMOST_ONE })).toEqual({
        retry: true,
        delayMs: 999,
      })
      expect(decide({ kind: 'network' }, { attempt: 3, random: () => ALMOST_ONE })).toEqual({
        retry: true,
        delayMs: 3_999,
      })
    })

    it('the ceiling doubles per attempt up to maxDelayMs', () => {
      const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => {
        const decision = decide(
          { kind: 'network' },
          { attempt, random: () => ALMOST_ONE, policy: { ...policy, maxAttempts: 10 } },
        )
        return decision.retry ? decision.delayMs + 1 : undefined
      })
      expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
    })

    it('scales the ceiling by random and floors to whole milliseconds', () => {
      expect(decide({ kind: 'network' }, { attempt: 2, random: () => 0.25 })).toEqual({
        retry: true,
        delayMs: 500,
      })
      expect(decide({ kind: 'network' }, { random: () => 0.1234 })).toEqual({
        retry: true,
        delayMs: 123,
      })
    })

    it('stays within [0, ceiling) for many random values', () => {
      const random = createRandom(42, 'decide-retry')
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1))
        for (let i = 0; i < 200; i++) {
          const decision = decide({ kind: 'stalled' }, { attempt, random })
          if (!decision.retry) throw new Error('expected a retry')
          expect(decision.delayMs).toBeGreaterThanOrEqual(0)
          expect(decision.delayMs).toBeLessThan(ceiling)
          expect(Number.isInteger(decision.delayMs)).toBe(true)
        }
      }
    })
  })

  describe('server hints', () => {
    it('uses the retry: hint as the base instead of initialDelayMs', () => {
      const hinted = { serverRetryMs: 200, random: () => ALMOST_ONE }
      expect(decide({ kind: 'truncated' }, hinted)).toEqual({ retry: true, delayMs: 199 })
      expect(decide({ kind: 'truncated' }, { ...hinted, attempt: 3 })).toEqual({
        retry: true,
        delayMs: 799,
      })
    })

    it('caps a hinted backoff at maxDelayMs', () => {
      const decision = decide(
        { kind: 'network' },
        { serverRetryMs: 100_000, random: () => ALMOST_ONE },
      )
      expect(decision).toEqual({ retry: true, delayMs: 29_999 })
    })

    it('a retry: 0 hint reconnects at once', () => {
      expect(decide({ kind: 'network' }, { serverRetryMs: 0, attempt: 4 })).toEqual({
        retry: true,
        delayMs: 0,
      })
    })

    it('treats Retry-After as a floor under the jittered delay', () => {
      const withRetryAfter = (retryAfterMs: number): Failure => ({
        kind: 'status',
        status: 503,
        retryAfterMs,
      })
      // jitter 0.5 × 1000 = 500 < 5000: the floor wins
      expect(decide(withRetryAfter(5_000))).toEqual({ retry: true, delayMs: 5_000 })
      // jitter 500 > 100: the jitter wins
      expect(decide(withRetryAfter(100))).toEqual({ retry: true, delayMs: 500 })
      // the floor may exceed maxDelayMs: the server knows best
      expect(decide(withRetryAfter(45_000))).toEqual({ retry: true, delayMs: 45_000 })
    })

    it('gives up when Retry-After is longer than maxRetryAfterMs', () => {
      const failure = (retryAfterMs: number): Failure => ({
        kind: 'status',
        status: 429,
        retryAfterMs,
      })
      expect(decide(failure(policy.maxRetryAfterMs))).toEqual({
        retry: true,
        delayMs: policy.maxRetryAfterMs,
      })
      expect(decide(failure(policy.maxRetryAfterMs + 1))).toEqual({ retry: false })
    })
  })
})
