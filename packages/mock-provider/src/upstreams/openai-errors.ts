import type { OpenAIHttpFault } from './openai-scenario.js'

/** OpenAI's error body: `{error: {message, type, param, code}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null }
}

function body(message: string, type: string, code: string | null): OpenAIErrorBody {
  return { error: { message, type, param: null, code } }
}

/**
 * The error body OpenAI sends for a status, worded as OpenAI words it. The 401 echoes the whole
 * key it was given (OpenAI masks the middle of it): the worst case, so that tests prove an
 * adapter keeps the key out of its errors.
 */
export function openAIErrorBody(
  status: OpenAIHttpFault,
  context: { model: string; apiKey: string },
): OpenAIErrorBody {
  switch (status) {
    case 400:
      return body('Invalid request (mock fault).', 'invalid_request_error', null)
    case 401:
      return body(
        `Incorrect API key provided: ${context.apiKey}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        'invalid_request_error',
        'invalid_api_key',
      )
    case 403:
      return body(
        'Country, region, or territory not supported',
        'request_forbidden',
        'unsupported_country_region_territory',
      )
    case 404:
      return body(
        `The model \`${context.model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      )
    case 429:
      return body(
        `Rate limit reached for ${context.model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1.`,
        'requests',
        'rate_limit_exceeded',
      )
    case 500:
      return body(
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
      )
    case 503:
      return body(
        'The engine is currently overloaded, please try again later.',
        'server_error',
        null,
      )
  }
}

/** What OpenAI sends inside a 200 stream when it fails after output began. */
export const OPENAI_MID_STREAM_ERROR: OpenAIErrorBody = body(
  'The server had an error while processing your request. Sorry about that!',
  'server_error',
  null,
)
