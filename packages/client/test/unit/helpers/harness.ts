import { type FakeTimer, FakeTimers } from '@sluice/test-utils'
import {
  createSluiceClient,
  type SluiceClient,
  type SluiceClientOptions,
} from '../../../src/index.js'
import { FakeConnectivity } from './fake-connectivity.js'
import { type Reply, ScriptedFetch } from './fake-fetch.js'
import { RESUME_TOKEN, STREAM_ID } from './sse.js'

export const BASE_URL = 'https://sluice.test'

/** The heartbeat interval test clients assume. */
export const HEARTBEAT_MS = 1_200_000

/** The stall timeout of test clients: the default 3 heartbeat intervals. */
export const STALL_MS = 3 * HEARTBEAT_MS

/**
 * No backoff or save delay in these tests is this long, so a timer at least this long is a stall
 * timer (also when a response announced a shorter heartbeat interval), and any other timer is not.
 */
export const MIN_STALL_MS = 1_000_000

/** A fixed start of the virtual clock (a whole second, so HTTP dates are exact). */
export const EPOCH = Date.UTC(2030, 0, 1)

export const isStallTimer = (timer: FakeTimer): boolean => timer.ms >= MIN_STALL_MS

export const isBackoff = (timer: FakeTimer): boolean => !isStallTimer(timer)

export interface HarnessOptions extends Partial<SluiceClientOptions> {
  /**
   * Leave backoff (and save) timers for the test to fire. @defaultValue false: they fire by
   * themselves
   */
  manualBackoff?: boolean
}

export interface Harness {
  client: SluiceClient
  server: ScriptedFetch
  timers: FakeTimers
  /** Online until the test says otherwise. */
  network: FakeConnectivity
  /** The backoff delays the client asked for, in order. */
  backoffs(): number[]
}

/**
 * A client wired to a scripted fetch, a virtual clock and a fake network, with `random` fixed at
 * 0.5 and a stall timeout of {@link STALL_MS}.
 */
export function harness(replies: Reply[], options: HarnessOptions = {}): Harness {
  const { manualBackoff = false, ...clientOptions } = options
  const timers = new FakeTimers({
    startAt: EPOCH,
    autoFire: manualBackoff ? () => false : (ms) => ms < MIN_STALL_MS,
  })
  const server = new ScriptedFetch(replies, timers.now)
  const network = new FakeConnectivity()
  const client = createSluiceClient({
    baseUrl: BASE_URL,
    fetch: server.fetch,
    timers,
    random: () => 0.5,
    now: timers.now,
    heartbeatMs: HEARTBEAT_MS,
    connectivity: network,
    ...clientOptions,
  })
  return {
    client,
    server,
    timers,
    network,
    backoffs: () => timers.requested.filter((ms) => ms < MIN_STALL_MS),
  }
}

export const REQUEST = { messages: [{ role: 'user' as const, content: 'Tell me about rivers.' }] }

/** The call a resume from `lastEventId` makes, as `ScriptedFetch.calls` records it. */
export function resumeCall(lastEventId: number) {
  return {
    method: 'GET',
    url: `${BASE_URL}/v1/streams/${STREAM_ID}`,
    headers: {
      accept: 'text/event-stream',
      'last-event-id': String(lastEventId),
      authorization: `Bearer ${RESUME_TOKEN}`,
    },
  }
}

export { type FakeTimer, FakeTimers, settle } from '@sluice/test-utils'
export { collect, failureOf } from '../../shared/stream-results.js'
export * from './deferred.js'
export * from './fake-connectivity.js'
export * from './fake-fetch.js'
export * from './recording-store.js'

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
