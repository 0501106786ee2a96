import { encodeEvent, type SluiceEvent } from '@sluice/protocol'
import type { ProviderRequest } from '@sluice/provider'
import { decodeFrame } from './decode-frame.js'
import { ApiError } from './http/api-error.js'
import { ProducerStop, runProducer } from './producer.js'
import { ProducerHandle, type ProducerPolicy } from './producer-handle.js'
import type { TimedProvider } from './provider-timeouts.js'
import { newResumeToken, newStreamId, secretsEqual } from './secrets.js'
import type { StreamCoordination } from './store/coordination.js'
import type { LogEntry, StreamRecord, StreamState, StreamStore } from './store/stream-store.js'
import type { StreamLengthLimits } from './stream-length.js'
import { StreamMeter } from './stream-meter.js'

const noop = () => {}

export interface StartRequest {
  providerId: string | undefined
  model: string | undefined
  request: Omit<ProviderRequest, 'model'>
  idempotencyKey: string | undefined
  /** Identifies the request body, so that a reused idempotency key with another body is refused. */
  fingerprint: string
  /** The user the host's `authorize` hook named; the stream is bound to them. */
  principal?: string | undefined
  /**
   * Called once the generation started here has ended (its terminal event in the log); never
   * for a replayed stream. A callback, not a promise to chain on: one stays per open stream.
   */
  onEnded?: (() => void) | undefined
}

/** What a resume or cancel request presents. */
export interface Credentials {
  token: string | undefined
  principal?: string | undefined
}

export interface StartedStream {
  record: StreamRecord
  /** False when an earlier POST with the same idempotency key created it. */
  created: boolean
}

/**
 * Creates streams, runs one producer per stream in this process, and checks access. The log is
 * the only state readers share; this class owns the producers. With a store shared by several
 * instances, cancels and readers of producers running elsewhere go through its coordination.
 */
export class StreamService {
  readonly #store: StreamStore
  readonly #providers: ReadonlyMap<string, TimedProvider>
  readonly #defaultProvider: string
  readonly #unavailable: Readonly<Record<string, string>>
  readonly #producers = new Map<string, ProducerHandle>()
  readonly #onInternalError: (error: unknown) => void
  readonly #policy: ProducerPolicy
  readonly #lengthLimits: StreamLengthLimits
  readonly #requireToken: boolean

  constructor(options: {
    store: StreamStore
    providers: ReadonlyMap<string, TimedProvider>
    defaultProvider: string
    unavailable: Readonly<Record<string, string>>
    onInternalError: (error: unknown) => void
    policy: ProducerPolicy
    lengthLimits: StreamLengthLimits
    /** Whether resume and cancel need the resume token (a principal check may replace it). */
    requireToken: boolean
  }) {
    this.#store = options.store
    this.#providers = options.providers
    this.#defaultProvider = options.defaultProvider
    this.#unavailable = options.unavailable
    this.#onInternalError = options.onInternalError
    const coordination = options.store.coordination
    this.#policy = coordination
      ? { ...options.policy, readersElsewhere: (id) => coordination.hasReaders(id) }
      : options.policy
    coordination?.onStopRequested((streamId) =>
      this.#producers.get(streamId)?.stop.abort(new ProducerStop('cancelled')),
    )
    this.#lengthLimits = options.lengthLimits
    this.#requireToken = options.requireToken
  }

  /**
   * The stream an earlier request with this idempotency key started, if any, checked against
   * this request's body (422 if it differs). A replay needs no concurrency slot.
   */
  async replayOf(idempotencyKey: string, fingerprint: string): Promise<StartedStream | undefined> {
    const existing = await this.#store.findIdempotent(idempotencyKey)
    return existing && this.#replayed(existing, fingerprint)
  }

  async start(input: StartRequest): Promise<StartedStream> {
    const providerId = input.providerId ?? this.#defaultProvider
    const provider = this.#providers.get(providerId)
    if (!provider && Object.hasOwn(this.#unavailable, providerId)) {
      throw new ApiError(422, 'provider-unavailable', this.#unavailable[providerId] as string)
    }
    if (!provider) {
      const known = [...this.#providers.keys()].join(', ')
      throw new ApiError(
        422,
        'unknown-provider',
        `Unknown provider "${providerId}"; known: ${known}`,
      )
    }
    const record: StreamRecord = {
      streamId: newStreamId(),
      resumeToken: newResumeToken(),
      provider: provider.id,
      model: input.model ?? provider.defaultModel,
      createdAt: new Date().toISOString(),
      ...(input.principal === undefined ? {} : { principal: input.principal }),
      ...(input.idempotencyKey === undefined
        ? {}
        : { idempotency: { key: input.idempotencyKey, fingerprint: input.fingerprint } }),
    }
    const result = await this.#store.create(record)
    if (!result.created) return this.#replayed(result.existing, input.fingerprint)

    const start: SluiceEvent = { seq: 1, type: 'stream-start', data: startData(record) }
    await this.#store.append(record.streamId, [
      { seq: 1, frame: encodeEvent(start), terminal: false },
    ])
    this.#launch(record, provider, { ...input.request, model: record.model }, input.onEnded)
    return { record, created: true }
  }

  /**
   * The stream, if `credentials` grant access to it: the principal that started it (when it was
   * started by one) and, unless the host turned it off, its resume token. Otherwise a
   * 401/403/404 `ApiError`.
   */
  async authorize(streamId: string, credentials: Credentials): Promise<StreamState> {
    const state = await this.#store.get(streamId)
    if (!state) throw new ApiError(404, 'stream-not-found', 'No such stream, or it has expired')
    const owner = state.record.principal
    if (owner !== undefined && credentials.principal !== owner) {
      throw new ApiError(403, 'not-stream-owner', 'This stream belongs to another user')
    }
    // Without an owner, the token is the only thing that binds the stream to its client.
    if (!this.#requireToken && owner !== undefined) return state
    const { token } = credentials
    if (token === undefined || token === '') {
      throw new ApiError(401, 'token-required', 'This stream needs its resume token')
    }
    if (!secretsEqual(token, state.record.resumeToken)) {
      throw new ApiError(403, 'invalid-token', 'The resume token does not match this stream')
    }
    return state
  }

  /**
   * Stops a running producer; resolves once its terminal event is in the log, with whether the
   * stream ended because of this cancel (false if it had already ended, or ended otherwise in a
   * race with the cancel).
   */
  async cancel(streamId: string): Promise<boolean> {
    const producer = this.#producers.get(streamId)
    const coordination = this.#store.coordination
    if (!producer) return coordination ? this.#cancelElsewhere(coordination, streamId) : false
    producer.stop.abort(new ProducerStop('cancelled'))
    const terminal = await producer.done
    return terminal.type === 'stream-end' && terminal.data.finishReason === 'cancelled'
  }

  /**
   * Counts a reader of `streamId` in, for zombie reaping; the returned function counts it out.
   * Without coordination, readers of a stream whose producer is not running here are not counted.
   */
  attachReader(streamId: string): () => void {
    const detachHere = this.#producers.get(streamId)?.attach()
    const detachShared = this.#store.coordination?.attachReader(streamId)
    // One counted side needs no function around it: one closure fewer per reader.
    if (!detachShared) return detachHere ?? noop
    if (!detachHere) return detachShared
    return () => {
      detachHere()
      detachShared()
    }
  }

  /** Resolves when every producer running now has ended. */
  async idle(): Promise<void> {
    await Promise.all([...this.#producers.values()].map((producer) => producer.done))
  }

  /** Cancels every running producer. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#producers.keys()].map((streamId) => this.cancel(streamId)))
  }

  #launch(
    record: StreamRecord,
    provider: TimedProvider,
    request: ProviderRequest,
    onEnded: (() => void) | undefined,
  ): void {
    const { streamId, model } = record
    const meter = new StreamMeter(
      { streamId, provider: provider.id, model },
      this.#policy.observer,
      this.#lengthLimits,
    )
    const handle = new ProducerHandle(
      streamId,
      this.#policy,
      (ending) =>
        runProducer({
          store: this.#store,
          streamId,
          provider,
          meter,
          request,
          stop: ending.stop,
          ending,
          onInternalError: this.#onInternalError,
        }),
      (terminal) => {
        this.#producers.delete(streamId)
        meter.ended(terminal)
        this.#store.coordination?.releaseProducer(streamId).catch(this.#onInternalError)
        onEnded?.()
      },
    )
    this.#producers.set(streamId, handle)
  }

  /** Asks the instance running the producer to stop it, and waits for the stream's end. */
  async #cancelElsewhere(coordination: StreamCoordination, streamId: string): Promise<boolean> {
    const state = await this.#store.get(streamId)
    if (!state || state.ended) return false
    await coordination.requestStop(streamId)
    const terminal = await this.#terminalAfter(streamId, state.lastSeq)
    const event = terminal && decodeFrame(terminal.frame)
    return event?.type === 'stream-end' && event.data.finishReason === 'cancelled'
  }

  /**
   * The stream's terminal entry, once stored; undefined if the stream expires first. Never
   * hangs: a producer whose instance died ends with `producer-lost` once its lease lapses.
   */
  async #terminalAfter(streamId: string, cursor: number): Promise<LogEntry | undefined> {
    for (;;) {
      const entries = await this.#store.read(streamId, cursor, 256)
      const last = entries[entries.length - 1]
      if (last?.terminal) return last
      if (last) {
        cursor = last.seq
        continue
      }
      if (!(await this.#store.get(streamId))) return undefined
      await new Promise<void>((wake) => this.#store.waitForAppend(streamId, cursor, wake))
    }
  }

  #replayed(existing: StreamRecord, fingerprint: string): StartedStream {
    if (existing.idempotency?.fingerprint !== fingerprint) {
      throw new ApiError(
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request body',
      )
    }
    return { record: existing, created: false }
  }
}

function startData(record: StreamRecord) {
  const { streamId, resumeToken, provider, model, createdAt } = record
  return { streamId, resumeToken, provider, model, createdAt }
}
