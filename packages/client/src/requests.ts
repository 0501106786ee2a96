import {
  type CreateStreamRequest,
  Header,
  JSON_CONTENT_TYPE,
  Path,
  SSE_CONTENT_TYPE,
} from '@sluice/protocol'
import type { PartialJsonOptions } from './json/index.js'
import type { ResolvedClientOptions } from './options.js'
import type { StreamCursor, ToolCall } from './result.js'
import type { StandardSchemaV1 } from './structured/standard-schema.js'

/** How a stream begins: a new generation, or one started elsewhere, read from its cursor. */
export type StreamOrigin = (
  | { kind: 'start'; request: CreateStreamRequest; idempotencyKey: string }
  | { kind: 'resume'; cursor: StreamCursor; text: string; toolCalls: ToolCall[] }
) & {
  /** Parse the response as JSON as it arrives. */
  json?: JsonResponse | undefined
}

export interface JsonResponse {
  options: PartialJsonOptions
  schema: StandardSchemaV1 | undefined
}

export interface HttpRequest {
  url: string
  init: RequestInit
}

type RequestOptions = Pick<ResolvedClientOptions, 'baseUrl' | 'headers'>

/** The request that opens a connection: a resume from the cursor once the stream is known. */
export async function connectionRequest(
  options: RequestOptions,
  origin: StreamOrigin,
  cursor: StreamCursor | undefined,
): Promise<HttpRequest> {
  const accept = { Accept: SSE_CONTENT_TYPE }
  if (cursor) {
    return {
      url: options.baseUrl + Path.stream(cursor.streamId),
      init: {
        method: 'GET',
        headers: await withHeaders(options, {
          ...accept,
          [Header.lastEventId]: String(cursor.lastSeq),
          [Header.authorization]: `Bearer ${cursor.resumeToken}`,
        }),
      },
    }
  }
  if (origin.kind !== 'start') throw new Error('unreachable: a resume starts with a cursor')
  // Before the server has named the stream there is nothing to resume. Sending the POST again
  // is safe only because it carries the same Idempotency-Key: the server replays the stream
  // that the first POST started instead of calling the model twice.
  return {
    url: options.baseUrl + Path.streams,
    init: {
      method: 'POST',
      headers: await withHeaders(options, {
        ...accept,
        [Header.contentType]: JSON_CONTENT_TYPE,
        [Header.idempotencyKey]: origin.idempotencyKey,
      }),
      body: JSON.stringify(origin.request),
    },
  }
}

/** The request that stops a generation. */
export async function cancelRequest(
  options: RequestOptions,
  cursor: StreamCursor,
): Promise<HttpRequest> {
  return {
    url: options.baseUrl + Path.stream(cursor.streamId),
    init: {
      method: 'DELETE',
      headers: await withHeaders(options, {
        [Header.authorization]: `Bearer ${cursor.resumeToken}`,
      }),
    },
  }
}

async function withHeaders(
  options: RequestOptions,
  protocolHeaders: Record<string, string>,
): Promise<Headers> {
  const { headers } = options
  const merged = new Headers(typeof headers === 'function' ? await headers() : headers)
  // Header names are case-insensitive: `set` replaces a custom `authorization` too.
  for (const [name, value] of Object.entries(protocolHeaders)) merged.set(name, value)
  return merged
}
