/**
 * What instances sharing one log tell each other, for a store that several server processes
 * share (Redis). A store without it serves one process, where all of this is local.
 */
export interface StreamCoordination {
  /** Asks whichever instance runs the stream's producer to stop it. */
  requestStop(streamId: string): Promise<void>
  /**
   * Registers the handler for producers on this instance that must stop: another instance asked
   * to cancel them, or this instance lost their lease (another instance ended the stream).
   */
  onStopRequested(handler: (streamId: string) => void): void
  /** Counts a reader on this instance in; the returned function counts it out. */
  attachReader(streamId: string): () => void
  /** Whether a reader is attached on any instance. */
  hasReaders(streamId: string): Promise<boolean>
  /** The producer on this instance has ended: give up its lease so nobody waits for it. */
  releaseProducer(streamId: string): Promise<void>
}
