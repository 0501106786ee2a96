import { createSluiceClient, type FetchLike, type SluiceStream } from '@sluice/client'
import { createRandom, mockText } from '@sluice/mock-provider'
import type { SluiceEvent } from '@sluice/protocol'
import { FakeTimers, type NetworkFault } from '@sluice/test-utils'

/** Fast, with real pacing (tokens over many writes), and long enough for every alignment. */
export const scenario = { seed: 11, tokens: 40, ttftMs: 0, tokenDelayMs: 1 } as const
export const expectedText = mockText({ ...scenario, json: false })
/** stream-start, one event per token, stream-end. */
export const totalEvents = scenario.tokens + 2

export function request(mock: Record<string, unknown> = scenario) {
  return { messages: [{ role: 'user' as const, content: 'Tell me about rivers.' }], mock }
}

/**
 * The longest wait that fires by itself: a backoff, or a `Retry-After` of one second. The stall
 * watchdog's (a multiple of the server's 15 s heartbeat) never does: a stall must not be what
 * saves a stream here.
 */
const LONGEST_AUTO_WAIT_MS = 1_000

/**
 * The real client with fast retries. Its waits (backoff, `Retry-After`) run on fake timers that
 * fire by themselves, so a `Retry-After: 1` costs no second, and every delay is recorded.
 */
export function testClient(baseUrl: string, fetch?: FetchLike) {
  const timers = new FakeTimers({ autoFire: (ms) => ms <= LONGEST_AUTO_WAIT_MS })
  const client = createSluiceClient({
    baseUrl,
    random: createRandom(1, 'backoff-jitter'),
    retry: { initialDelayMs: 1, maxDelayMs: 10 },
    timers,
    ...(fetch ? { fetch } : {}),
  })
  return { client, timers }
}

/** Every event the iterator gives, and how the stream ended. */
export async function readAll(stream: SluiceStream) {
  const events: SluiceEvent[] = []
  try {
    for await (const event of stream) events.push(event)
    return { events, result: await stream.result, error: undefined }
  } catch (error) {
    return { events, result: undefined, error }
  }
}

/** What both transports record of a request. */
export interface FaultRecord {
  fault: NetworkFault
  status?: number
  bytesForwarded: number
  cut: boolean
}

/** What a plan sees of a request through either transport. */
export interface PlannedRequest {
  method: string
  headers: Record<string, string>
}

/** The whole body a direct, fault-free request gets, for comparing with what a fault let through. */
export async function bodyBytes(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer())
}

/** A `fetch` init that starts a stream. */
export function postInit(mock: Record<string, unknown> = scenario): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request(mock)),
  }
}

/**
 * Reads a body until it ends or breaks: the bytes that arrived, and the error if it broke.
 * This is how a cut looks to code that reads with `fetch`.
 */
export async function readUntilBroken(response: Response) {
  const chunks: Uint8Array[] = []
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { bytes: Buffer.concat(chunks), error: undefined }
      chunks.push(value)
    }
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error: error as Error & { cause?: unknown } }
  }
}
