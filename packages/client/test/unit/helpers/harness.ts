import type { SluiceEvent } from '@sluice/protocol'
import { type FakeTimer, FakeTimers } from '@sluice/test-utils'
import {
  createSluiceClient,
  type SluiceClient,
  type SluiceClientOptions,
  type SluiceStream,
} from '../../../src/index.js'
import { type Reply, ScriptedFetch } from './fake-fetch.js'

export const BASE_URL = 'https://sluice.test'

/**
 * The stall timeout of test clients. No backoff delay is ever this long, so a timer of this
 * length is the stall timer and every other timer is a backoff wait.
 */
export const STALL_MS = 3_600_000

/** A fixed start of the virtual clock (a whole second, so HTTP dates are exact). */
export const EPOCH = Date.UTC(2030, 0, 1)

export const isBackoff = (timer: FakeTimer): boolean => timer.ms !== STALL_MS

export interface HarnessOptions extends Partial<SluiceClientOptions> {
  /** Leave backoff timers for the test to fire. @defaultValue false: they fire by themselves */
  manualBackoff?: boolean
}

export interface Harness {
  client: SluiceClient
  server: ScriptedFetch
  timers: FakeTimers
  /** The backoff delays the client asked for, in order. */
  backoffs(): number[]
}

/**
 * A client wired to a scripted fetch and a virtual clock, with `random` fixed at 0.5 and a
 * stall timeout of {@link STALL_MS}.
 */
export function harness(replies: Reply[], options: HarnessOptions = {}): Harness {
  const { manualBackoff = false, ...clientOptions } = options
  const timers = new FakeTimers({
    startAt: EPOCH,
    autoFire: manualBackoff ? () => false : (ms) => ms !== STALL_MS,
  })
  const server = new ScriptedFetch(replies, timers.now)
  const client = createSluiceClient({
    baseUrl: BASE_URL,
    fetch: server.fetch,
    timers,
    random: () => 0.5,
    now: timers.now,
    stallTimeoutMs: STALL_MS,
    ...clientOptions,
  })
  return {
    client,
    server,
    timers,
    backoffs: () => timers.requested.filter((ms) => ms !== STALL_MS),
  }
}

export const REQUEST = { messages: [{ role: 'user' as const, content: 'Tell me about rivers.' }] }

/** Reads every event through the async iterator. */
export async function collect(stream: AsyncIterable<SluiceEvent>): Promise<SluiceEvent[]> {
  const events: SluiceEvent[] = []
  for await (const event of stream) events.push(event)
  return events
}

/** The settled error of a stream's result (fails the test if it resolved). */
export async function failureOf(stream: SluiceStream): Promise<unknown> {
  return stream.result.then(
    (result) => {
      throw new Error(`Expected the stream to fail, it finished: ${JSON.stringify(result)}`)
    },
    (error: unknown) => error,
  )
}

export { type FakeTimer, FakeTimers, settle } from '@sluice/test-utils'
export * from './deferred.js'
export * from './fake-fetch.js'

/** What `action` throws; fails the test if it does not throw. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
export * from './sse.js'
