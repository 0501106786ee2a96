/**
 * What the server tells its host about streams and readers, for logs and metrics. Every hook is
 * optional and called synchronously; a hook must not throw.
 */
export interface ServerObserver {
  /** A reader could not hand its data to a socket within the send timeout and was cut off. */
  readerDropped?(info: { streamId: string; reason: 'slow-reader' }): void
  /** No reader was attached for the grace period: the generation was cancelled. */
  streamReaped?(info: { streamId: string }): void
  /** The generation ran past the maximum duration and was stopped. */
  streamTimedOut?(info: { streamId: string }): void
}
