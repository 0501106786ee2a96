import { ProviderError } from '@sluice/provider'
import { z } from 'zod'
import { type MockScenario, resolveMockScenario } from '../scenario.js'
import { MOCK_SCENARIO_HEADER, scenarioInText } from './scenario-source.js'

export { MOCK_SCENARIO_HEADER }

/** HTTP faults the mock Anthropic upstream answers before any stream, as Anthropic does. */
export const ANTHROPIC_FAULT_STATUSES = [400, 401, 403, 404, 429, 500, 529] as const
export type AnthropicFaultStatus = (typeof ANTHROPIC_FAULT_STATUSES)[number]

/**
 * Fields that only the HTTP upstreams understand, beside the mock's own scenario fields
 * (`seed`, `tokens`, `tokenDelayMs`, `toolCalls`, `failAt`, …).
 */
const upstreamFieldsSchema = z.strictObject({
  /** Answer with this HTTP status and Anthropic's JSON error body instead of a stream. */
  status: z.union(ANTHROPIC_FAULT_STATUSES.map((status) => z.literal(status))).optional(),
  /** With `status: 429` or `529`, the `retry-after` header in seconds. @defaultValue none */
  retryAfterSeconds: z.int().min(0).max(3600).optional(),
  /** After this many text tokens, destroy the socket (a dropped connection). @defaultValue never */
  dropAt: z.int().min(0).optional(),
})

/** What one request to a mock vendor upstream asks for. */
export interface UpstreamScenario {
  scenario: MockScenario
  status?: AnthropicFaultStatus
  retryAfterSeconds?: number
  dropAt?: number
}

const UPSTREAM_FIELDS = ['status', 'retryAfterSeconds', 'dropAt'] as const

/**
 * Splits a raw scenario into the mock's scenario and the upstream's own faults.
 *
 * @throws ProviderError `bad-request` for any invalid field.
 */
export function resolveUpstreamScenario(input: unknown): UpstreamScenario {
  const raw: Record<string, unknown> =
    typeof input === 'object' && input !== null ? { ...(input as Record<string, unknown>) } : {}
  const upstream: Record<string, unknown> = {}
  for (const field of UPSTREAM_FIELDS) {
    if (field in raw) upstream[field] = raw[field]
    delete raw[field]
  }
  const parsed = upstreamFieldsSchema.safeParse(upstream)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `mock.${i.path.join('.')}: ${i.message}`)
    throw new ProviderError('bad-request', `Invalid mock scenario: ${problems.join('; ')}`)
  }
  const scenario = resolveMockScenario(input === undefined ? undefined : raw)
  const { status, retryAfterSeconds, dropAt } = parsed.data
  return {
    scenario,
    ...(status === undefined ? {} : { status }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(dropAt === undefined ? {} : { dropAt }),
  }
}

/** Text of a message's content, whether a string or an array of content blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((block) =>
      typeof block === 'object' &&
      block !== null &&
      'text' in block &&
      typeof block.text === 'string'
        ? block.text
        : '',
    )
    .join('')
}

/**
 * The scenario of one Messages request: the `x-mock-scenario` header (JSON of the scenario
 * itself) if present, otherwise the last user message when its whole text is
 * `{"mock": {...}}`, otherwise all defaults.
 *
 * @throws ProviderError `bad-request` for malformed JSON in the header or an invalid field.
 */
export function scenarioOfMessagesRequest(
  header: string | undefined,
  messages: readonly { role?: unknown; content?: unknown }[],
): UpstreamScenario {
  if (header !== undefined) {
    try {
      return resolveUpstreamScenario(JSON.parse(header))
    } catch (error) {
      if (ProviderError.is(error)) throw error
      throw new ProviderError('bad-request', `${MOCK_SCENARIO_HEADER} is not JSON`)
    }
  }
  // Searched from the end: the newest user turn decides, as a chat client would expect.
  const lastUser = [...messages].reverse().find((message) => message.role === 'user')
  return resolveUpstreamScenario(scenarioInText(contentText(lastUser?.content)))
}
