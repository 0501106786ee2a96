import { ProviderError } from '@sluice/provider'
import { z } from 'zod'

/** What an empty scenario means. */
export const MOCK_DEFAULTS = {
  seed: 1,
  tokens: 64,
  ttftMs: 30,
  tokenDelayMs: 15,
  json: false,
  toolCalls: 0,
} as const

// Upper bounds keep one scenario from building a huge document or sleeping absurdly long; the
// server's maxDurationMs bounds the whole generation.
const MAX_TOKENS = 100_000
const MAX_TTFT_MS = 600_000
const MAX_TOKEN_DELAY_MS = 60_000
const MAX_STALL_MS = 600_000
const MAX_TOOL_CALLS = 16

/**
 * The mock's scenario as it arrives on the wire (`mock` in a stream request), with defaults
 * applied on parse. Strict, so that a misspelt fault (`failat`) is an error, not a silent no-op.
 */
export const mockScenarioSchema = z
  .strictObject({
    /** PRNG seed: the same seed gives the same tokens and timings. @defaultValue 1 */
    seed: z.int().default(MOCK_DEFAULTS.seed),
    /** How many text tokens to produce, at most 100 000. @defaultValue 64 */
    tokens: z.int().min(0).max(MAX_TOKENS).default(MOCK_DEFAULTS.tokens),
    /** Delay before the first token, jittered by the seed. @defaultValue 30 */
    ttftMs: z.number().min(0).max(MAX_TTFT_MS).default(MOCK_DEFAULTS.ttftMs),
    /** Delay between tokens, jittered by the seed. @defaultValue 15 */
    tokenDelayMs: z.number().min(0).max(MAX_TOKEN_DELAY_MS).default(MOCK_DEFAULTS.tokenDelayMs),
    /**
     * After this many text tokens, fail with a retryable `upstream-error`. Counts text tokens
     * only: `failAt: tokens` fails before the first tool call. @defaultValue never
     */
    failAt: z.int().min(0).optional(),
    /**
     * After this many text tokens, go silent for `stallMs`. Counts text tokens only, like
     * `failAt`. @defaultValue never
     */
    stallAt: z.int().min(0).optional(),
    /** How long the stall at `stallAt` lasts, exactly (no jitter). */
    stallMs: z.number().min(0).max(MAX_STALL_MS).optional(),
    /** Produce a JSON document (structured output) instead of prose. @defaultValue false */
    json: z.boolean().default(MOCK_DEFAULTS.json),
    /**
     * How many tool calls follow the text (at most 16), one after another, each streamed as
     * `tool-call-delta` parts (see `mockToolCalls`); the stream then finishes with `tool-calls`.
     * @defaultValue 0
     */
    toolCalls: z.int().min(0).max(MAX_TOOL_CALLS).default(MOCK_DEFAULTS.toolCalls),
  })
  .superRefine((scenario, ctx) => {
    // A fault the stream can never reach would make a test pass for the wrong reason.
    for (const field of ['failAt', 'stallAt'] as const) {
      const at = scenario[field]
      if (at !== undefined && at > scenario.tokens) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: at,
          message: `${field} must be at most tokens (${scenario.tokens})`,
        })
      }
    }
    if (scenario.stallAt !== undefined && scenario.stallMs === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stallMs'],
        message: 'stallMs is required with stallAt',
      })
    }
    if (scenario.stallMs !== undefined && scenario.stallAt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stallAt'],
        message: 'stallAt is required with stallMs',
      })
    }
  })

/** A scenario with every default applied. */
export type MockScenario = z.output<typeof mockScenarioSchema>

/**
 * Validates a scenario from a request; `undefined` means no scenario, all defaults.
 *
 * @throws ProviderError `bad-request`, naming each invalid field (`mock.tokens: …`).
 */
export function resolveMockScenario(input: unknown): MockScenario {
  const result = mockScenarioSchema.safeParse(input === undefined ? {} : input)
  if (result.success) return result.data
  const problems = result.error.issues.map(
    (issue) => `${['mock', ...issue.path.map(String)].join('.')}: ${issue.message}`,
  )
  throw new ProviderError('bad-request', `Invalid mock scenario: ${problems.join('; ')}`)
}
