import type { CreateStreamRequest } from '@sluice/protocol'
import { SluiceError } from './errors/sluice-error.js'
import type { ResolvedClientOptions, SluiceClientOptions } from './options.js'
import type { StreamCallbacks, StreamCursor } from './result.js'
import { defaultRetryPolicy } from './retry/decide-retry.js'
import { SluiceStream } from './stream.js'

export interface StartOptions extends StreamCallbacks {
  /** Aborting it is `abort()`: stop reading, leave the generation running. */
  signal?: AbortSignal
  /** Makes the POST safe to repeat. @defaultValue a random key per `start()` */
  idempotencyKey?: string
}

export interface ResumeOptions extends StreamCallbacks {
  signal?: AbortSignal
  /** Text already shown for this stream (for example, persisted before a reload). @defaultValue '' */
  text?: string
}

export interface SluiceClient {
  /** Starts a generation (one POST) and reads it to the end, reconnecting as needed. */
  start(request: CreateStreamRequest, options?: StartOptions): SluiceStream
  /** Reads a stream started elsewhere (e.g. before a page reload) from its cursor. */
  resume(cursor: StreamCursor, options?: ResumeOptions): SluiceStream
}

export function createSluiceClient(options: SluiceClientOptions): SluiceClient {
  const resolved = resolveOptions(options)
  return {
    start(request, { signal, idempotencyKey, ...callbacks } = {}) {
      if (typeof request !== 'object' || request === null || !Array.isArray(request.messages)) {
        throw new SluiceError('invalid-argument', 'start() needs a request with a messages array')
      }
      const origin = {
        kind: 'start' as const,
        request,
        idempotencyKey: idempotencyKey ?? randomKey(),
      }
      return new SluiceStream(resolved, origin, callbacks, signal)
    },
    resume(cursor, { signal, text = '', ...callbacks } = {}) {
      assertCursor(cursor)
      return new SluiceStream(resolved, { kind: 'resume', cursor, text }, callbacks, signal)
    },
  }
}

function resolveOptions(options: SluiceClientOptions): ResolvedClientOptions {
  if (typeof options?.baseUrl !== 'string') {
    throw new SluiceError('invalid-argument', 'createSluiceClient() needs a baseUrl string')
  }
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    // Looked up per call, so a fetch patched after creation (tests, polyfills) is used.
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
    timers: options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    retry: { ...defaultRetryPolicy, ...options.retry },
    stallTimeoutMs: options.stallTimeoutMs ?? 45_000,
  }
}

function assertCursor(cursor: StreamCursor): void {
  const valid =
    typeof cursor === 'object' &&
    cursor !== null &&
    typeof cursor.streamId === 'string' &&
    cursor.streamId !== '' &&
    typeof cursor.resumeToken === 'string' &&
    cursor.resumeToken !== '' &&
    Number.isSafeInteger(cursor.lastSeq) &&
    cursor.lastSeq >= 0
  if (!valid) {
    throw new SluiceError(
      'invalid-argument',
      'resume() needs {streamId, resumeToken} strings and a non-negative integer lastSeq',
    )
  }
}

/** 128 random bits as hex; `crypto.randomUUID` is missing on pages served over plain http. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
