import { Header } from '@sluice/protocol'
import type { Context } from 'hono'
import { ApiError } from './api-error.js'

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Checks the content type and parses the JSON body, with a distinct error for each mistake.
 * Hono caches the parsed body, so the schema validator that runs next does not parse it again.
 */
export async function requireJsonBody(c: Context): Promise<void> {
  const type = c.req.header(Header.contentType) ?? ''
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new ApiError(415, 'unsupported-media-type', 'Send the body as application/json')
  }
  try {
    await c.req.json()
  } catch {
    throw new ApiError(400, 'invalid-json', 'The request body is not valid JSON')
  }
}
