import type { FinishReason, StreamErrorCode } from '@sluice/protocol'

/** Identifies a stream in every report. */
export interface StreamInfo {
  streamId: string
  provider: string
  model: string
}

/** How a generation ended, reported once per stream. */
export interface StreamEndInfo extends StreamInfo {
  /** The `stream-end` finish reason, or `error` for an `error` terminal event. */
  outcome: FinishReason | 'error'
  /** The `error` event's code, when `outcome` is `error`. */
  errorCode?: StreamErrorCode
  /** Milliseconds from the upstream call to its first text or tool-call part; none without one. */
  ttftMs?: number
  /** Output tokens: the provider's usage report, else the number of delta parts. */
  tokens: number
  durationMs: number
}

/** A request refused with a JSON error (4xx or 5xx). */
export interface RefusalInfo {
  status: number
  code: string
  method: string
  /** The path without its query string (which may carry a resume token). */
  path: string
}

/**
 * What the server tells its host about streams and readers, for logs and metrics. Every hook is
 * optional and called synchronously; a hook that throws is ignored, never breaks a stream.
 */
export interface ServerObserver {
  /** A stream was created and its generation launched (one upstream call). */
  streamStarted?(info: StreamInfo): void
  /** The generation ended and its terminal event is in the log. */
  streamEnded?(info: StreamEndInfo): void
  /** An explicit `DELETE` stopped a running generation. */
  streamCancelled?(info: { streamId: string }): void
  /**
   * A reader began reading: `resumed` for a `GET`; `replayedEvents` is how many events behind
   * the log's head it started.
   */
  readerAttached?(info: { streamId: string; resumed: boolean; replayedEvents: number }): void
  /** A reader went away (stream read to its end, client gone, dropped, drained). */
  readerDetached?(info: { streamId: string }): void
  /** A reader handed `bytes` to its socket. */
  bytesSent?(info: { streamId: string; bytes: number }): void
  /** A reader could not hand its data to a socket within the send timeout and was cut off. */
  readerDropped?(info: { streamId: string; reason: 'slow-reader' }): void
  /** No reader was attached for the grace period: the generation was cancelled. */
  streamReaped?(info: { streamId: string }): void
  /** The generation ran past the maximum duration and was stopped. */
  streamTimedOut?(info: { streamId: string }): void
  /** The generation produced more events or bytes than the stream length limits allow. */
  streamTruncated?(info: { streamId: string; limit: 'events' | 'bytes' }): void
  /** A request was answered with a JSON error. */
  requestRefused?(info: RefusalInfo): void
  /** An unexpected error (a bug, a store failure); the client saw only `internal-error`. */
  internalError?(error: unknown): void
}

type Hooks = Required<ServerObserver>

/** One observer that calls each of `observers` in turn, each hook isolated from the others. */
export function combineObservers(...observers: ServerObserver[]): ServerObserver {
  const combined: Partial<Record<keyof Hooks, (info: never) => void>> = {}
  const names = new Set(observers.flatMap((observer) => Object.keys(observer))) as Set<keyof Hooks>
  for (const name of names) {
    combined[name] = (info: never) => {
      for (const observer of observers) {
        try {
          ;(observer[name] as ((info: never) => void) | undefined)?.(info)
        } catch {
          // A failing hook must not keep the next one from hearing about the event.
        }
      }
    }
  }
  return combined as ServerObserver
}
