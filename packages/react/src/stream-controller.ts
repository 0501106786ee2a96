import type {
  CreateStreamRequest,
  JsonResponseOptions,
  SluiceClient,
  SluiceStream,
  StreamResult,
} from '@sluice/client'
import { type BatchUpdates, type FrameScheduler, frameScheduler } from './frame-scheduler.js'
import { IDLE_STATE, type SluiceStreamState } from './idle-state.js'

export interface StreamControllerOptions {
  /**
   * Persist the stream under this key (in the client's `cursorStore`), so that
   * `useResumedStream(client, persistKey)` continues it after a reload. @defaultValue none
   */
  persistKey?: string | undefined
  /**
   * How to parse a JSON response. A started request with `responseFormat: {type: 'json'}` is
   * parsed anyway; a resumed stream only with `true` or options here.
   * @defaultValue strict JSON for started JSON requests; not parsed on resume
   */
  json?: JsonResponseOptions | boolean | undefined
  /**
   * When state changes reach React: `'frame'` at most once per animation frame, `'sync'` at
   * every event, or a scheduler of your own. Read when the component mounts.
   * @defaultValue 'frame'
   */
  batch?: BatchUpdates | undefined
  /**
   * Also stop the generation (`cancel()`) when the component unmounts, not only the reading.
   * @defaultValue false: the generation runs on and stays resumable
   */
  cancelOnUnmount?: boolean | undefined
  /** The stream ended with `stream-end` (not called after unmount). */
  onFinish?: ((result: StreamResult) => void) | undefined
  /** The stream failed for good, or was aborted (not called after unmount). */
  onError?: ((error: Error) => void) | undefined
}

const noop = () => {}

/**
 * One component's stream: which `SluiceStream` is current, its snapshots published to React at
 * most once per frame, and the component's lifecycle. No React import: the hooks only wire it to
 * `useSyncExternalStore` and effects.
 *
 * Unmounting is deferred by a microtask, so strict mode's unmount-and-remount of effects keeps the
 * stream (one POST, one generation); a real unmount stops reading, and the generation goes on
 * unless `cancelOnUnmount`.
 */
export class StreamController {
  #client: SluiceClient
  #options: StreamControllerOptions
  readonly #schedule: FrameScheduler
  readonly #listeners = new Set<() => void>()
  #stream: SluiceStream | undefined
  #request: CreateStreamRequest | undefined
  #state: SluiceStreamState = IDLE_STATE
  #unsubscribe = noop
  #cancelFrame = noop
  #framePending = false
  #mounted = false
  #initialised = false

  constructor(client: SluiceClient, options: StreamControllerOptions) {
    this.#client = client
    this.#options = options
    this.#schedule = frameScheduler(options.batch ?? 'frame')
  }

  /** The stream being shown, for what the state does not carry (`toolCallArgs()`, iterators). */
  get stream(): SluiceStream | undefined {
    return this.#stream
  }

  /** The latest props: later starts, retries and callbacks use them. */
  configure(client: SluiceClient, options: StreamControllerOptions): void {
    this.#client = client
    this.#options = options
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    const entry = () => listener()
    this.#listeners.add(entry)
    return () => this.#listeners.delete(entry)
  }

  readonly getSnapshot = (): SluiceStreamState => this.#state

  /** Starts a generation; the stream shown before stops being read (its generation goes on). */
  readonly start = (request: CreateStreamRequest): void => {
    this.#request = request
    const { persistKey, json } = this.#options
    // Before the new one starts: an aborted stream saves its state, which must not overwrite
    // the new stream's under the same persist key.
    this.#stream?.abort()
    this.#show(
      this.#client.start(request, {
        ...this.#callbacks(),
        ...(persistKey === undefined ? {} : { persistKey }),
        ...(typeof json === 'object' ? { json } : {}),
      }),
    )
  }

  /** Continues the stream persisted under `persistKey`; false when there is none. */
  readonly resumePersisted = (): boolean => {
    const { persistKey } = this.#options
    if (persistKey === undefined) return false
    const stream = this.#client.resumePersisted(persistKey, {
      ...this.#callbacks(),
      json: this.#resumedJson(),
    })
    if (stream) this.#show(stream)
    return stream !== undefined
  }

  /** Stops reading; the generation goes on, and a persisted stream stays resumable. */
  readonly abort = (): void => {
    this.#stream?.abort()
  }

  /** Stops the generation; the stream then ends with finish reason `cancelled`. */
  readonly cancel = (): Promise<void> => this.#stream?.cancel() ?? Promise.resolve()

  /**
   * After a failure: reads on from the cursor when the generation may still be running (an
   * abort, the network or a 5xx outlasted the retries), otherwise starts the request again.
   */
  readonly retry = (): void => {
    const failed = this.#stream
    const state = failed?.getSnapshot()
    if (!failed || state?.status !== 'error') return
    if (state.resumable && state.cursor) {
      if (this.resumePersisted()) return
      this.#show(
        this.#client.resume(state.cursor, {
          ...this.#callbacks(),
          text: failed.text,
          toolCalls: failed.toolCalls,
          json: this.#resumedJson(),
        }),
      )
      return
    }
    if (this.#request) this.start(this.#request)
  }

  /** The component mounted; `init` runs at the first mount only (not at strict mode's second). */
  mount(init: () => void): void {
    this.#mounted = true
    if (this.#initialised) return
    this.#initialised = true
    init()
  }

  unmount(): void {
    this.#mounted = false
    queueMicrotask(() => {
      if (!this.#mounted) this.#dispose()
    })
  }

  #dispose(): void {
    this.#detach()
    const stream = this.#stream
    if (!stream) return
    // A cancelled stream is read on to its `cancelled` end, which comes at once (aborting now
    // could stop it before the server has named it, and so before the cancel can be sent).
    if (this.#options.cancelOnUnmount) stream.cancel().catch(() => stream.abort())
    else stream.abort()
  }

  #show(stream: SluiceStream): void {
    this.#detach()
    this.#stream = stream
    this.#unsubscribe = stream.subscribe(this.#onChange)
    this.#publish(stream.getSnapshot())
  }

  #detach(): void {
    this.#unsubscribe()
    this.#unsubscribe = noop
    this.#cancelFrame()
    this.#cancelFrame = noop
    this.#framePending = false
  }

  readonly #onChange = (): void => {
    if (this.#framePending) return
    this.#framePending = true
    this.#cancelFrame = this.#schedule(this.#flush)
  }

  readonly #flush = (): void => {
    this.#framePending = false
    this.#cancelFrame = noop
    if (this.#stream) this.#publish(this.#stream.getSnapshot())
  }

  #publish(state: SluiceStreamState): void {
    if (state === this.#state) return
    this.#state = state
    for (const listener of this.#listeners) listener()
  }

  /** A resumed stream parses JSON if the request it continues asked for it, or if told to. */
  #resumedJson(): JsonResponseOptions | boolean {
    const { json } = this.#options
    if (this.#request?.responseFormat?.type === 'json') return json ?? true
    return json ?? false
  }

  #callbacks() {
    return {
      onFinish: (result: StreamResult) => {
        if (this.#mounted) this.#options.onFinish?.(result)
      },
      onError: (error: Error) => {
        if (this.#mounted) this.#options.onError?.(error)
      },
    }
  }
}
