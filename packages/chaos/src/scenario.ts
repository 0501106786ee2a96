import { createRandom, mockTokens, pick, type Random } from '@sluice/mock-provider'
import { CUT_ALIGNMENTS, type NetworkFault } from '@sluice/test-utils'

/** Where the bytes travel: through a TCP proxy in front of the server, or a fetch wrapper. */
export type ChaosTransport = 'proxy' | 'fetch'

/** One seeded run: a model scenario plus the faults of its first connections. */
export interface ChaosScenario {
  seed: number
  transport: ChaosTransport
  /** The mock provider's scenario (see `mockScenarioSchema`). */
  mock: {
    seed: number
    tokens: number
    ttftMs: number
    tokenDelayMs: number
    failAt?: number
    stallAt?: number
    stallMs?: number
  }
  /** The fault of connection n is `faults[n]`; later connections have none. */
  faults: NetworkFault[]
}

/** What an uninterrupted run with the same seed produces. */
export interface ChaosExpectation {
  text: string
  textDeltas: number
  /** `stream-end` with `stop`, or an `upstream-error` after `failAt` tokens. */
  outcome: 'stop' | 'upstream-error'
}

/** Bytes of the retry hint and stream-start, and of an average token's frame. */
const HEAD_BYTES = 230
const BYTES_PER_TOKEN = 55

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** Faults weighted towards cuts, which are what loses or repeats tokens when done wrong. */
function pickFault(random: Random, bodyBytes: number): NetworkFault {
  const roll = random()
  if (roll < 0.45) {
    const align = pick(random, CUT_ALIGNMENTS)
    return { kind: 'cut', afterBytes: int(random, 0, bodyBytes), align }
  }
  if (roll < 0.53) return { kind: 'drop-final-newline' }
  if (roll < 0.63) return { kind: 'rechunk', maxChunk: int(random, 1, 16) }
  if (roll < 0.69) return { kind: 'buffer' }
  if (roll < 0.73) return { kind: 'delay', ms: int(random, 1, 3) }
  if (roll < 0.77) return { kind: 'throttle', bytesPerSecond: int(random, 100_000, 400_000) }
  if (roll < 0.87) return { kind: 'status', status: 429, retryAfter: '0' }
  if (roll < 0.94) return { kind: 'status', status: 503 }
  return { kind: 'status', status: 502 }
}

/** The scenario of a seed: the same seed, the same scenario, on every machine. */
export function generateScenario(seed: number): ChaosScenario {
  const random = createRandom(seed, 'chaos-scenario')
  const tokens = int(random, 1, 48)
  const mock: ChaosScenario['mock'] = {
    seed,
    tokens,
    ttftMs: int(random, 0, 2),
    tokenDelayMs: random() < 0.7 ? 0 : 1,
  }
  if (random() < 0.08) mock.failAt = int(random, 0, tokens)
  if (random() < 0.08) {
    mock.stallAt = int(random, 0, tokens)
    mock.stallMs = int(random, 5, 30)
  }
  const faultedConnections = [0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4][int(random, 0, 10)] as number
  const bodyBytes = HEAD_BYTES + tokens * BYTES_PER_TOKEN
  const faults = Array.from({ length: faultedConnections }, () => pickFault(random, bodyBytes))
  return { seed, transport: random() < 0.5 ? 'proxy' : 'fetch', mock, faults }
}

/** The text and ending the scenario's seed gives without any fault. */
export function expectationOf(scenario: ChaosScenario): ChaosExpectation {
  const { seed, tokens, failAt } = scenario.mock
  const produced = mockTokens({ seed, tokens, json: false }).slice(0, failAt ?? tokens)
  return {
    text: produced.join(''),
    textDeltas: produced.length,
    outcome: failAt === undefined ? 'stop' : 'upstream-error',
  }
}
