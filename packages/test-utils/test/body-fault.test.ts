import { createRandom } from '@sluice/mock-provider'
import { describe, expect, it } from 'vitest'
import {
  type BodyFault,
  CUT_ALIGNMENTS,
  type CutAlignment,
  concatBytes,
  createBodyFault,
  describeFault,
  type NetworkFault,
} from '../src/index.js'

const encoder = new TextEncoder()

/** Every frame kind the server sends, and text with two-, three- and four-byte characters. */
const FRAMES = [
  'retry: 5\n\n',
  'id: 1\nevent: stream-start\ndata: {"streamId":"s1"}\n\n',
  ': ping\n\n',
  'id: 2\nevent: text-delta\ndata: {"text":"café 日本 😀"}\n\n',
  'id: 3\nevent: text-delta\ndata: {"text":"é"}\n\n',
  'id: 4\nevent: stream-end\ndata: {"finishReason":"stop"}\n\n',
]
const LF_BODY = encoder.encode(FRAMES.join(''))
const CRLF_BODY = encoder.encode(FRAMES.join('').replaceAll('\n', '\r\n'))
const CR_BODY = encoder.encode(FRAMES.join('').replaceAll('\n', '\r'))
const BODIES = { LF: LF_BODY, CRLF: CRLF_BODY, CR: CR_BODY }

/** The same bytes in chunks of the given sizes (the last one takes the rest). */
function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let offset = 0
  for (const size of sizes) {
    if (offset >= bytes.length) break
    chunks.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  if (offset < bytes.length) chunks.push(bytes.subarray(offset))
  return chunks
}

function randomSplit(bytes: Uint8Array, seed: number): Uint8Array[] {
  const random = createRandom(seed, 'split')
  return split(
    bytes,
    Array.from({ length: bytes.length }, () => 1 + Math.floor(random() * 9)),
  )
}

/** One chunking of each kind: whole, byte by byte, random (also empty chunks). */
function chunkings(bytes: Uint8Array): Uint8Array[][] {
  return [
    [bytes],
    split(
      bytes,
      Array.from({ length: bytes.length }, () => 1),
    ),
    randomSplit(bytes, 1),
    randomSplit(bytes, 2),
    [new Uint8Array(0), ...randomSplit(bytes, 3), new Uint8Array(0)],
  ]
}

function run(fault: BodyFault, chunks: Uint8Array[], seed = 1) {
  const core = createBodyFault(fault, createRandom(seed, 'test'))
  const pieces: Uint8Array[] = []
  for (const chunk of chunks) {
    const step = core.push(chunk)
    pieces.push(...step.emit)
    if (step.cut) return { pieces, delivered: concatBytes(pieces), cut: true }
  }
  pieces.push(...core.end())
  return { pieces, delivered: concatBytes(pieces), cut: false }
}

/**
 * The positions where each alignment may cut, computed independently of `FrameScanner`: from
 * a regular expression over the body's lines. Position p means bytes [0, p) arrive, byte p not.
 */
function alignedPositions(body: Uint8Array, align: CutAlignment): Set<number> {
  const positions = new Set<number>()
  if (align === 'any') for (let p = 0; p < body.length; p++) positions.add(p)
  if (align === 'mid-char') {
    body.forEach((byte, p) => {
      if (byte >= 0x80 && byte < 0xc0) positions.add(p)
    })
  }
  const text = Buffer.from(body).toString('latin1')
  let frameLines: { start: number; content: string }[] = []
  for (const match of text.matchAll(/([^\r\n]*)(\r\n|\r|\n)/g)) {
    const start = match.index
    const content = match[1] as string
    if (content !== '') {
      if (align === 'mid-line' && !content.startsWith(':')) {
        for (let p = start + 1; p < start + content.length; p++) positions.add(p)
      }
      frameLines.push({ start, content })
      if (align === 'between-id-and-data' && frameLines.length === 2) {
        if (frameLines[0]?.content.startsWith('id:')) positions.add(start)
      }
      continue
    }
    if (align === 'before-blank-line' && frameLines.length > 0) positions.add(start)
    frameLines = []
  }
  return positions
}

describe('cut', () => {
  for (const [name, body] of Object.entries(BODIES)) {
    it.each(CUT_ALIGNMENTS)(
      `${name} framing: cuts at the first %s position at or after n, for every n and chunking`,
      (align) => {
        const positions = [...alignedPositions(body, align)].sort((a, b) => a - b)
        expect(positions.length).toBeGreaterThan(0)
        // Collected, not asserted one by one: thousands of expect() calls would take seconds.
        const wrong: string[] = []
        for (let n = 0; n <= body.length + 1; n++) {
          const expected = positions.find((p) => p >= n)
          const want = Buffer.from(body.subarray(0, expected ?? body.length))
          chunkings(body).forEach((chunks, chunking) => {
            const { delivered, cut } = run({ kind: 'cut', afterBytes: n, align }, chunks)
            if (cut !== (expected !== undefined) || !want.equals(delivered)) {
              wrong.push(`n=${n} chunking=${chunking}: cut=${cut} after ${delivered.length} B`)
            }
          })
        }
        expect(wrong).toEqual([])
      },
    )
  }

  it('mid-char leaves a character unfinished: a fatal decoder rejects what arrived', () => {
    const at = LF_BODY.indexOf(0xf0) // 😀's lead byte
    const { delivered } = run({ kind: 'cut', afterBytes: at, align: 'mid-char' }, [LF_BODY])
    expect(delivered.length).toBe(at + 1)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(delivered)).toThrow()
  })

  it('between-id-and-data ends on an id line; before-blank-line on a complete, undispatched frame', () => {
    const text = (align: CutAlignment, afterBytes: number) =>
      new TextDecoder().decode(run({ kind: 'cut', afterBytes, align }, [LF_BODY]).delivered)
    const third = FRAMES.slice(0, 3).join('').length
    expect(text('between-id-and-data', third)).toMatch(/\n\nid: 2\n$/)
    expect(text('before-blank-line', third)).toMatch(/data: \{"text":"café 日本 😀"\}\n$/)
    expect(text('mid-line', third + 1)).toMatch(/\n\ni$/)
  })

  it('cuts before the first byte at 0, and not at all past the end', () => {
    expect(run({ kind: 'cut', afterBytes: 0 }, [LF_BODY])).toMatchObject({ pieces: [], cut: true })
    const past = run({ kind: 'cut', afterBytes: LF_BODY.length }, [LF_BODY])
    expect(past).toMatchObject({ delivered: LF_BODY, cut: false })
  })

  it('refuses bytes after the cut', () => {
    const core = createBodyFault({ kind: 'cut', afterBytes: 3 }, Math.random)
    expect(core.push(LF_BODY).cut).toBe(true)
    expect(() => core.push(LF_BODY)).toThrow(/already cut/)
  })
})

describe('faults that keep every byte', () => {
  const passThrough: BodyFault[] = [
    { kind: 'none' },
    { kind: 'throttle', bytesPerSecond: 10 },
    { kind: 'delay', ms: 5 },
  ]
  it.each(passThrough)(
    '$kind passes chunks through as they are (timing is the transport’s)',
    (fault) => {
      for (const chunks of chunkings(CRLF_BODY)) {
        expect(run(fault, chunks).pieces).toEqual(chunks.filter((chunk) => chunk.length > 0))
      }
    },
  )

  it('buffer holds everything until the end, then gives it in one piece', () => {
    for (const chunks of chunkings(LF_BODY)) {
      const core = createBodyFault({ kind: 'buffer' }, Math.random)
      for (const chunk of chunks) expect(core.push(chunk)).toEqual({ emit: [], cut: false })
      expect(core.end()).toEqual([LF_BODY])
    }
  })

  it('rechunk splits into seeded pieces of 1..maxChunk, the same for the same seed', () => {
    const fault: BodyFault = { kind: 'rechunk', maxChunk: 5 }
    for (const chunks of chunkings(LF_BODY)) {
      const { pieces, delivered } = run(fault, chunks, 7)
      expect(delivered).toEqual(LF_BODY)
      expect(pieces.every((piece) => piece.length >= 1 && piece.length <= 5)).toBe(true)
    }
    const sizes = (seed: number) => run(fault, [LF_BODY], seed).pieces.map((piece) => piece.length)
    expect(sizes(7)).toEqual(sizes(7))
    expect(sizes(7)).not.toEqual(sizes(8))
    expect(new Set(sizes(7)).size).toBe(5)
  })

  it('rechunk rejects a maxChunk below 1', () => {
    expect(() => createBodyFault({ kind: 'rechunk', maxChunk: 0 }, Math.random)).toThrow(RangeError)
  })
})

describe('drop-final-newline', () => {
  it.each(Object.entries(BODIES))(
    '%s framing: everything but the very last byte arrives, whatever the chunking',
    (_, body) => {
      const lastIsLf = body.at(-1) === 0x0a
      for (const chunks of [...chunkings(body), [body.subarray(0, -1), body.subarray(-1)]]) {
        const { delivered, cut } = run({ kind: 'drop-final-newline' }, chunks)
        expect(cut).toBe(false)
        expect(delivered).toEqual(lastIsLf ? body.subarray(0, -1) : body)
      }
    },
  )

  it('a body that does not end in a newline is left whole', () => {
    const html = encoder.encode('<p>not an event stream</p>')
    expect(run({ kind: 'drop-final-newline' }, [html]).delivered).toEqual(html)
    expect(run({ kind: 'drop-final-newline' }, []).delivered).toEqual(new Uint8Array(0))
  })
})

describe('cut-after-events', () => {
  const separators = { LF: '\n', CRLF: '\r\n', CR: '\r' }
  for (const [name, separator] of Object.entries(separators)) {
    const frames = FRAMES.map((frame) => frame.replaceAll('\n', separator))
    const body = encoder.encode(frames.join(''))
    // Where each event frame (led by `id:`) ends, counted from the frames themselves.
    const ends = frames.flatMap((frame, index) =>
      frame.startsWith('id:') ? [encoder.encode(frames.slice(0, index + 1).join('')).length] : [],
    )

    it(`${name} framing: delivers exactly the first n events, then cuts, for every n and chunking`, () => {
      expect(ends).toHaveLength(4)
      const wrong: string[] = []
      for (let n = 0; n <= ends.length + 1; n++) {
        const end = n === 0 ? 0 : (ends[n - 1] ?? body.length)
        // A body that ends first is not cut: also one whose last event ends on a lone `\r`,
        // since only the next byte could tell whether an `\n` belongs to it.
        const endsOnLoneCr = separator === '\r' && end === body.length
        const expectCut = n <= ends.length && !endsOnLoneCr
        const want = Buffer.from(body.subarray(0, end))
        chunkings(body).forEach((chunks, chunking) => {
          const { delivered, cut } = run({ kind: 'cut-after-events', events: n }, chunks)
          if (cut !== expectCut || !want.equals(delivered)) {
            wrong.push(`n=${n} chunking=${chunking}: cut=${cut} after ${delivered.length} B`)
          }
        })
      }
      expect(wrong).toEqual([])
    })
  }

  it('refuses bytes after the cut', () => {
    const core = createBodyFault({ kind: 'cut-after-events', events: 1 }, Math.random)
    expect(core.push(LF_BODY).cut).toBe(true)
    expect(() => core.push(LF_BODY)).toThrow(/already cut/)
  })
})

describe('describeFault', () => {
  const cases: [NetworkFault, string][] = [
    [{ kind: 'none' }, 'no fault'],
    [{ kind: 'cut', afterBytes: 120, align: 'mid-char' }, 'cut ≥ 120 B (mid-char)'],
    [{ kind: 'cut', afterBytes: 0 }, 'cut ≥ 0 B (any)'],
    [{ kind: 'cut-after-events', events: 3 }, 'cut after 3 events'],
    [{ kind: 'throttle', bytesPerSecond: 512 }, 'throttle to 512 B/s'],
    [{ kind: 'status', status: 429, retryAfter: '1' }, 'answer 429 (Retry-After: 1)'],
    [{ kind: 'wrong-content-type' }, 'answer 200 text/html'],
  ]
  it.each(cases)('%j reads "%s"', (fault, text) => {
    expect(describeFault(fault)).toBe(text)
  })
})
