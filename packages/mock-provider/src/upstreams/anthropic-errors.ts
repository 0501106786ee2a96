import type { AnthropicFaultStatus } from './anthropic-scenario.js'

/** Anthropic's `error.type` and a message like the real one, for each status it answers. */
const ERRORS: Record<AnthropicFaultStatus, { type: string; message: string }> = {
  400: { type: 'invalid_request_error', message: 'Invalid request' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  403: { type: 'permission_error', message: 'Your API key does not have permission' },
  404: { type: 'not_found_error', message: 'model: not found' },
  429: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
}

/** Anthropic's JSON error body: `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicErrorBody(
  status: AnthropicFaultStatus,
  requestId: string,
  message = ERRORS[status].message,
): string {
  return JSON.stringify({
    type: 'error',
    error: { type: ERRORS[status].type, message },
    request_id: requestId,
  })
}
