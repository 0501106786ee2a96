import type { CreateStreamRequest } from '@sluice/protocol'
import { isStreamCursor } from './cursor.js'
import { SluiceError } from './errors/sluice-error.js'
import type { PartialJsonOptions } from './json/index.js'
import type { SluiceClientOptions } from './options.js'
import { loadPersisted, removeQuietly } from './persistence/persisted-stream.js'
import type { JsonResponse } from './requests.js'
import { resolveOptions } from './resolve-options.js'
import type { StreamCallbacks, StreamCursor, ToolCall } from './result.js'
import { SluiceStream } from './stream.js'
import type { StandardSchemaV1 } from './structured/standard-schema.js'

/** How to read a JSON response. */
export interface JsonResponseOptions extends PartialJsonOptions {
  /**
   * Validates the final value: any Standard Schema (zod, valibot, arktype…); its output becomes
   * `result.json`, its issues a `schema-mismatch` error. @defaultValue none
   */
  schema?: StandardSchemaV1
}

function jsonResponse(
  options: JsonResponseOptions | boolean | undefined,
): JsonResponse | undefined {
  if (!options) return undefined
  const { schema, ...parser } = options === true ? {} : options
  return { options: parser, schema }
}

export interface StartOptions extends StreamCallbacks {
  /** Aborting it is `abort()`: stop reading, leave the generation running. @defaultValue none */
  signal?: AbortSignal
  /** Makes the POST safe to repeat. @defaultValue a random key per `start()` */
  idempotencyKey?: string
  /**
   * Persist the stream under this key in the client's `cursorStore` as it arrives, so that
   * `resumePersisted(persistKey)` continues it after a reload. Whatever was persisted under the
   * key before is dropped; the state is removed when the stream ends, and kept when it is
   * aborted or its retries run out on a failure of the network or the server.
   * @defaultValue none: nothing is persisted
   */
  persistKey?: string
  /**
   * For a request with `responseFormat: {type: 'json'}`: how to parse and validate it.
   * @defaultValue strict JSON, no schema
   */
  json?: JsonResponseOptions
}

export interface ResumeOptions extends StreamCallbacks {
  /** Parse the response as JSON (the request asked for it). @defaultValue false */
  json?: JsonResponseOptions | boolean
  /** Aborting it is `abort()`. @defaultValue none */
  signal?: AbortSignal
  /** Text already shown for this stream (for example, persisted before a reload). @defaultValue '' */
  text?: string
  /** Tool calls already received, as `stream.toolCalls` listed them. @defaultValue [] */
  toolCalls?: ToolCall[]
}

export interface ResumePersistedOptions extends StreamCallbacks {
  /** Parse the response as JSON (the request asked for it). @defaultValue false */
  json?: JsonResponseOptions | boolean
  /** Aborting it is `abort()`: the state stays persisted. @defaultValue none */
  signal?: AbortSignal
}

export interface SluiceClient {
  /** Starts a generation (one POST) and reads it to the end, reconnecting as needed. */
  start(request: CreateStreamRequest, options?: StartOptions): SluiceStream
  /** Reads a stream started elsewhere (e.g. before a page reload) from its cursor. */
  resume(cursor: StreamCursor, options?: ResumeOptions): SluiceStream
  /**
   * Continues the stream that `start(…, { persistKey })` persisted, for example before the page
   * was reloaded: its `text` and `toolCalls` start where the saved state ended, and it stays
   * persisted under the same key until it ends. `undefined` when nothing (valid) is persisted
   * under the key; invalid state (another version, wrong types) is removed. A separate method
   * rather than an overload of `resume()`, because it may find nothing to resume.
   */
  resumePersisted(persistKey: string, options?: ResumePersistedOptions): SluiceStream | undefined
}

export function createSluiceClient(options: SluiceClientOptions): SluiceClient {
  const resolved = resolveOptions(options)
  return {
    start(request, { signal, idempotencyKey, persistKey, json, ...callbacks } = {}) {
      if (typeof request !== 'object' || request === null || !Array.isArray(request.messages)) {
        throw new SluiceError('invalid-argument', 'start() needs a request with a messages array')
      }
      const persist = persistKey === undefined ? undefined : persistTarget(persistKey, 'start')
      // A reload before the new stream is named must not resume the one it replaces.
      if (persist) removeQuietly(persist.store, persist.key)
      const origin = {
        kind: 'start' as const,
        request,
        idempotencyKey: idempotencyKey ?? randomKey(),
        json: jsonResponse(request.responseFormat?.type === 'json' && (json ?? true)),
      }
      return new SluiceStream(resolved, origin, { callbacks, signal, persist })
    },
    resume(cursor, { signal, text = '', toolCalls = [], json, ...callbacks } = {}) {
      if (!isStreamCursor(cursor)) {
        throw new SluiceError(
          'invalid-argument',
          'resume() needs {streamId, resumeToken} strings and a non-negative integer lastSeq',
        )
      }
      if (typeof text !== 'string' || !Array.isArray(toolCalls)) {
        throw new SluiceError(
          'invalid-argument',
          'resume() needs a string text and a toolCalls array',
        )
      }
      const origin = { kind: 'resume' as const, cursor, text, toolCalls, json: jsonResponse(json) }
      return new SluiceStream(resolved, origin, { callbacks, signal })
    },
    resumePersisted(persistKey, { signal, json, ...callbacks } = {}) {
      const persist = persistTarget(persistKey, 'resumePersisted')
      const state = loadPersisted(persist.store, persist.key)
      if (!state) return undefined
      const { streamId, resumeToken, lastSeq, text, toolCalls } = state
      const origin = {
        kind: 'resume' as const,
        cursor: { streamId, resumeToken, lastSeq },
        text,
        toolCalls,
        json: jsonResponse(json),
      }
      return new SluiceStream(resolved, origin, { callbacks, signal, persist })
    },
  }

  function persistTarget(key: unknown, method: string) {
    if (typeof key !== 'string' || key === '') {
      throw new SluiceError('invalid-argument', `${method}() needs a non-empty string persistKey`)
    }
    return { store: resolved.cursorStore(), key }
  }
}

/** 128 random bits as hex; `crypto.randomUUID` is missing on pages served over plain http. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
