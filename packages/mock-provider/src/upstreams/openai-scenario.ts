import { ProviderError } from '@sluice/provider'
import { type MockScenario, resolveMockScenario } from '../scenario.js'
import { MOCK_SCENARIO_HEADER, scenarioInText } from './scenario-source.js'

/** The header that carries a scenario as JSON; it wins over a scenario in the messages. */
export const OPENAI_SCENARIO_HEADER = MOCK_SCENARIO_HEADER

/** HTTP faults OpenAI answers before any stream starts, with its JSON error body. */
export type OpenAIHttpFault = 400 | 401 | 403 | 404 | 429 | 500 | 503

/**
 * What the mock OpenAI upstream does for one request: a mock scenario plus the faults only an
 * HTTP upstream has. Wire form, in `x-mock-scenario` or as the last user message
 * `{"mock": {...}}`: the fields of `mockScenarioSchema`, and
 * - `status`: answer this HTTP status with OpenAI's error body instead of a stream;
 * - `retryAfter`: seconds for the `retry-after` header of a 429 (default 1);
 * - `failWith`: how `failAt` fails: `drop` cuts the connection (default), `error-event` sends
 *   OpenAI's mid-stream `data: {"error": …}` and ends the response.
 */
export interface OpenAIUpstreamScenario {
  scenario: MockScenario
  status?: OpenAIHttpFault
  retryAfterSeconds: number
  failWith: 'drop' | 'error-event'
}

const HTTP_FAULTS: readonly number[] = [400, 401, 403, 404, 429, 500, 503]

interface ChatBody {
  messages?: unknown
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ProviderError('bad-request', `${where} is not valid JSON`)
  }
}

/** `{"mock": {...}}` in the last user message, or `undefined` when it is ordinary text. */
function scenarioFromMessages(body: ChatBody): unknown {
  if (!Array.isArray(body.messages)) return undefined
  const last = [...body.messages]
    .reverse()
    .find(
      (message: unknown): message is { role: string; content: unknown } =>
        typeof message === 'object' && message !== null && 'role' in message,
    )
  if (last?.role !== 'user' || typeof last.content !== 'string') return undefined
  return scenarioInText(last.content)
}

/**
 * Reads the scenario of one request.
 *
 * @throws ProviderError `bad-request` for a scenario that is not valid.
 */
export function resolveOpenAIScenario(
  header: string | undefined,
  body: ChatBody,
): OpenAIUpstreamScenario {
  const raw =
    header === undefined ? scenarioFromMessages(body) : parseJson(header, 'x-mock-scenario')
  const { status, retryAfter, failWith, ...rest } =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  if (status !== undefined && !HTTP_FAULTS.includes(status as number)) {
    throw new ProviderError('bad-request', `mock.status must be one of ${HTTP_FAULTS.join(', ')}`)
  }
  if (failWith !== undefined && failWith !== 'drop' && failWith !== 'error-event') {
    throw new ProviderError('bad-request', 'mock.failWith must be "drop" or "error-event"')
  }
  const result: OpenAIUpstreamScenario = {
    scenario: resolveMockScenario(raw === undefined ? undefined : rest),
    retryAfterSeconds: typeof retryAfter === 'number' ? retryAfter : 1,
    failWith: failWith ?? 'drop',
  }
  if (status !== undefined) result.status = status as OpenAIHttpFault
  return result
}
