import type { ProviderPart, ProviderRequest } from '@sluice/provider'
import type { ManualClock, MockProvider, MockScenario } from '../../src/index.js'

export interface TimedPart {
  /** `clock.now()` when the part reached the consumer. */
  at: number
  part: ProviderPart
}

export interface Run {
  parts: TimedPart[]
  /** What the stream threw, if it did. */
  error?: unknown
}

/** A request whose mock scenario is `scenario`. */
export function mockRequest(
  scenario: Partial<MockScenario> = {},
  extra: Partial<ProviderRequest> = {},
): ProviderRequest {
  return {
    model: 'mock-1',
    messages: [{ role: 'user', content: 'Tell me a story.' }],
    providerOptions: { mock: scenario },
    ...extra,
  }
}

/** Consumes a stream, noting when each part arrives. Never rejects: the error is in the result. */
export async function consume(
  stream: AsyncIterable<ProviderPart>,
  clock: { now(): number },
  onPart: (parts: TimedPart[]) => void = () => {},
): Promise<Run> {
  const parts: TimedPart[] = []
  try {
    for await (const part of stream) {
      parts.push({ at: clock.now(), part })
      onPart(parts)
    }
    return { parts }
  } catch (error) {
    return { parts, error }
  }
}

/** Streams `request` to the end in virtual time. */
export async function runInVirtualTime(
  provider: MockProvider,
  clock: ManualClock,
  request: ProviderRequest,
  signal: AbortSignal = new AbortController().signal,
): Promise<Run> {
  const run = consume(provider.stream(request, { signal }), clock)
  await clock.runUntilIdle()
  return run
}

export function textOf(run: Run): string[] {
  return run.parts.flatMap(({ part }) => (part.type === 'text-delta' ? [part.text] : []))
}
