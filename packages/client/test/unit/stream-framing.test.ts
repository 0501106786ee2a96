import { createRandom } from '@sluice/mock-provider'
import { encodeRetry, HEARTBEAT_FRAME } from '@sluice/protocol'
import { concatBytes } from '@sluice/test-utils'
import { describe, expect, it } from 'vitest'
import {
  collect,
  frames,
  harness,
  REQUEST,
  sseResponse,
  streamEnd,
  streamStart,
  textDelta,
  textStream,
  toBytes,
} from './helpers/harness.js'

// Multi-byte characters of 2, 3 and 4 bytes in UTF-8, and a line break inside model text.
const PIECES = ['Größe ', '€100 ', 'for the 🌊', '\r\nnext line']
const TEXT = PIECES.join('')
const EVENTS = textStream(PIECES)
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf)

function bodyText({ crlf = false } = {}): string {
  const text = [encodeRetry(1000), HEARTBEAT_FRAME, ...frames(EVENTS)].join('')
  return crlf ? text.replace(/\n/g, '\r\n') : text
}

/** Splits bytes at the given offsets. */
function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [0, ...offsets, bytes.length]
  return cuts.slice(1).map((end, index) => bytes.slice(cuts[index], end))
}

/**
 * What a text delta's bytes can hold: ASCII, whole characters of 2, 3 and 4 bytes, and invalid
 * UTF-8 (a lone continuation byte, sequences cut short, bytes UTF-8 never uses), which decodes
 * to U+FFFD. None is `"`, `\\` or a control character, so the JSON around them stays valid.
 */
const BYTE_PIECES = [
  [0x61, 0x62],
  [0x20],
  [0xc3, 0xb6],
  [0xe2, 0x82, 0xac],
  [0xf0, 0x9f, 0x8c, 0x8a],
  [0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f],
  [0xff],
  [0xc0, 0xaf],
].map((bytes) => Uint8Array.from(bytes))

/** A text delta frame around raw bytes for its text. */
function textDeltaFrame(seq: number, text: Uint8Array): Uint8Array {
  const [head = '', tail = ''] = frames([textDelta(seq, '<text>')])[0]?.split('<text>') ?? []
  return concatBytes([toBytes(head), text, toBytes(tail)])
}

async function readAll(chunks: Uint8Array[]) {
  const { client } = harness([sseResponse(chunks, { streamHeaders: true })])
  const stream = client.start(REQUEST)
  const [result, events] = await Promise.all([stream.result, collect(stream)])
  return { result, events, stream }
}

describe('SluiceStream: framing', () => {
  it('a multi-byte character split across chunks survives', async () => {
    const bytes = toBytes(bodyText())
    const euro = bytes.indexOf(0xe2) // first byte of "€" (e2 82 ac)
    const wave = bytes.indexOf(0xf0) // first byte of "🌊" (f0 9f 8c 8a)
    const umlaut = bytes.indexOf(0xc3) // first byte of "ö" (c3 b6)
    const chunks = splitAt(bytes, [umlaut + 1, euro + 1, euro + 2, wave + 3])
    const { result, events } = await readAll(chunks)
    expect(result.text).toBe(TEXT)
    expect(events).toEqual(EVENTS)
  })

  it('CRLF line endings split between \\r and \\n across chunks', async () => {
    const bytes = toBytes(bodyText({ crlf: true }))
    const offsets: number[] = []
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0d) offsets.push(i + 1)
    const { result, events } = await readAll(splitAt(bytes, offsets))
    expect(result.text).toBe(TEXT)
    expect(events).toEqual(EVENTS)
  })

  it('a BOM at the start of the body is ignored, also when split across chunks', async () => {
    const bytes = concatBytes([BOM, toBytes(bodyText())])
    for (const offsets of [[], [1], [2], [1, 2, 3]]) {
      const { result, events } = await readAll(splitAt(bytes, offsets))
      expect(result.text).toBe(TEXT)
      expect(events).toEqual(EVENTS)
    }
  })

  it('a U+FEFF inside the text is kept', async () => {
    const pieces = ['\uFEFFzero', ' width']
    const { client } = harness([sseResponse(frames(textStream(pieces)), { streamHeaders: true })])
    expect((await client.start(REQUEST).result).text).toBe('\uFEFFzero width')
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])(
    'random chunk splits (seed %i), with BOM and CRLF: same events, same text',
    async (seed) => {
      const random = createRandom(seed, 'chunk-splits')
      const bytes = concatBytes([BOM, toBytes(bodyText({ crlf: seed % 2 === 0 }))])
      const offsets: number[] = []
      for (
        let at = 1 + Math.floor(random() * 7);
        at < bytes.length;
        at += 1 + Math.floor(random() * 7)
      ) {
        offsets.push(at)
      }
      const { result, events, stream } = await readAll(splitAt(bytes, offsets))
      expect(result.text).toBe(TEXT)
      expect(events).toEqual(EVENTS)
      expect(stream.metrics.heartbeats).toBe(1)
    },
  )

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'random UTF-8, valid or not, in random chunks, some empty (seed %i): the text one decoder gives',
    async (seed) => {
      const random = createRandom(seed, 'utf-8-chunks')
      const pick = (n: number) => Math.floor(random() * n)
      const piece = () => BYTE_PIECES[pick(BYTE_PIECES.length)] as Uint8Array
      const texts = Array.from({ length: 40 }, () =>
        concatBytes(Array.from({ length: 1 + pick(4) }, piece)),
      )
      const bytes = concatBytes([
        toBytes(frames([streamStart()]).join('')),
        ...texts.map((text, index) => textDeltaFrame(index + 2, text)),
        toBytes(frames([streamEnd(texts.length + 2)]).join('')),
      ])
      const offsets: number[] = []
      // Steps of 0 make empty chunks: the decoder's state must survive them.
      for (let at = pick(5); at < bytes.length; at += pick(5)) offsets.push(at)
      const { result, events } = await readAll(splitAt(bytes, offsets))
      // Each text is between ASCII quotes: decoded alone it gives what it gives in the body.
      const expected = texts.map((text) => new TextDecoder().decode(text))
      expect(
        events.flatMap((event) => (event.type === 'text-delta' ? [event.data.text] : [])),
      ).toEqual(expected)
      expect(result.text).toBe(expected.join(''))
    },
  )
})
