import { describe, expect, it } from 'vitest'
import type { SluiceEvent } from '../src/index.js'
import {
  CR,
  cutPoints,
  cutsAfter,
  cutsInsideCharacters,
  LF,
  SPLIT_STRATEGIES,
  splitAt,
} from './helpers/chunking.js'
import { createRng } from './helpers/prng.js'
import { buildScript, LINE_ENDINGS, type LineEnding, withLineEnding } from './helpers/script.js'
import { encodeUtf8 } from './helpers/utf8.js'
import { type Observation, observe, readChunks } from './helpers/wire.js'

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1)

function eventsOf(observations: readonly Observation[]): (SluiceEvent | undefined)[] {
  return observations.flatMap((o) => (o.kind === 'event' ? [o.event] : []))
}

function assertRoundTrip(
  observed: readonly Observation[],
  script: ReturnType<typeof buildScript>,
): void {
  // Everything, in order: the retry first, comments where they were sent, onId before each event.
  expect(observed).toStrictEqual(script.expected)
  // The same facts, spelled out.
  expect(eventsOf(observed)).toStrictEqual(script.events)
  const ids = observed.flatMap((o) => (o.kind === 'id' ? [o.id] : []))
  expect(ids).toStrictEqual(script.events.map((_, i) => String(i + 1)))
  const retries = observed.filter((o) => o.kind === 'retry')
  expect(retries).toHaveLength(1)
  expect(observed[0]?.kind).toBe('retry')
  const comments = observed.filter((o) => o.kind === 'comment')
  expect(comments).toStrictEqual(script.expected.filter((o) => o.kind === 'comment'))
  expect(observed.some((o) => o.kind === 'parse-error')).toBe(false)
}

describe('round trip: encode → UTF-8 bytes → random chunks → TextDecoder → eventsource-parser → decodeEvent', () => {
  // Each seed picks its line endings and split strategy; 4 × 7 combinations, each ~10 times.
  it.for(SEEDS)('seed %i', (seed) => {
    const rng = createRng(seed)
    const ending = LINE_ENDINGS[seed % LINE_ENDINGS.length] as LineEnding
    const strategy = SPLIT_STRATEGIES[seed % SPLIT_STRATEGIES.length] ?? 'sparse'
    const script = buildScript(rng)
    const bytes = encodeUtf8(withLineEnding(script.wire, ending))
    const chunks = splitAt(bytes, cutPoints(bytes, rng, strategy))

    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(bytes.length)
    assertRoundTrip(observe(readChunks(chunks)), script)
  })

  it('the scripts exercise every event type, multi-byte characters and CRLF splits', () => {
    const script = buildScript(createRng(1))
    const types = new Set(script.events.map((e) => e.type))
    expect([...types].sort()).toStrictEqual([
      'error',
      'stream-end',
      'stream-start',
      'text-delta',
      'tool-call-delta',
    ])
    const lf = encodeUtf8(script.wire)
    const crlf = encodeUtf8(withLineEnding(script.wire, 'crlf'))
    expect(cutsInsideCharacters(lf).length).toBeGreaterThan(50)
    // After-CR cuts in the CRLF body are exactly the CRLF pairs: one per line.
    expect(cutsAfter(crlf, CR)).toHaveLength(cutsAfter(lf, LF).length)
    expect(
      splitAt(crlf, cutsAfter(crlf, CR)).every(
        (c, i, all) => i === all.length - 1 || c.at(-1) === CR,
      ),
    ).toBe(true)
  })

  describe.each(LINE_ENDINGS)('with %s line endings', (ending) => {
    const script = buildScript(createRng(4242))
    const bytes = encodeUtf8(withLineEnding(script.wire, ending))

    it('survives one byte per chunk', () => {
      const chunks = splitAt(bytes, bytes.keys())
      expect(chunks.every((c) => c.length === 1)).toBe(true)
      assertRoundTrip(observe(readChunks(chunks)), script)
    })

    it('survives every character split between chunks', () => {
      const chunks = splitAt(bytes, cutsInsideCharacters(bytes))
      assertRoundTrip(observe(readChunks(chunks)), script)
    })

    it('survives every line terminator split after its CR and after its LF', () => {
      const chunks = splitAt(bytes, [...cutsAfter(bytes, CR), ...cutsAfter(bytes, LF)])
      assertRoundTrip(observe(readChunks(chunks)), script)
    })

    it('arrives whole in one chunk', () => {
      assertRoundTrip(observe(readChunks([bytes])), script)
    })
  })

  // Thousands of whole parses: seconds when the machine is busy, so not the default 5 s limit.
  it('survives one cut anywhere (walking the body 1 to 4 bytes at a time)', {
    timeout: 30_000,
  }, () => {
    const rng = createRng(7)
    const script = buildScript(rng)
    for (const ending of LINE_ENDINGS) {
      const bytes = encodeUtf8(withLineEnding(script.wire, ending))
      for (let cut = 1; cut < bytes.length; cut += 1 + rng.int(0, 3)) {
        const observed = observe(readChunks(splitAt(bytes, [cut])))
        expect(observed, `${ending}, cut at ${cut}`).toStrictEqual(script.expected)
      }
    }
  })
})
