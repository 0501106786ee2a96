import { describe, expect, it } from 'vitest'
import { packFrames } from '../src/pack-frames.js'
import type { LogEntry } from '../src/store/stream-store.js'

const encoder = new TextEncoder()

function entry(seq: number, frame: string): LogEntry {
  return { seq, frame, terminal: false }
}

describe('packFrames', () => {
  it('joins whole frames up to the window, counting their UTF-8 bytes', () => {
    const entries = [entry(1, 'data: é\n\n'), entry(2, 'data: b\n\n'), entry(3, 'data: c\n\n')]
    const packed = packFrames(entries, 20)
    expect(packed).toEqual({ text: 'data: é\n\ndata: b\n\n', bytes: 19, count: 2 })
    expect(encoder.encode(packed.text).length).toBe(packed.bytes)
  })

  it('sends a frame larger than the window alone, whole', () => {
    const big = `data: ${'x'.repeat(100)}\n\n`
    expect(packFrames([entry(1, big), entry(2, 'data: y\n\n')], 10)).toEqual({
      text: big,
      bytes: big.length,
      count: 1,
    })
  })

  it('sends one frame as the log holds it', () => {
    const frame = 'id: 1\ndata: a\n\n'
    expect(packFrames([entry(1, frame)], 1024).text).toBe(frame)
  })
})
