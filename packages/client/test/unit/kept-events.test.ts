import type { SluiceEvent } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { KeptEvents } from '../../src/kept-events.js'
import { streamEnd, streamStart, textDelta, toolCallDelta } from './helpers/harness.js'

function keep(events: SluiceEvent[]): KeptEvents {
  const kept = new KeptEvents()
  for (const event of events) kept.push(event)
  return kept
}

describe('KeptEvents', () => {
  it('gives back equal events, in order, across types', () => {
    const events = [
      streamStart(),
      textDelta(2, 'Let me '),
      textDelta(3, 'check'),
      toolCallDelta(4, 'call_1', '{"city":', 'weather'),
      toolCallDelta(5, 'call_1', '"Oslo"}'),
      textDelta(6, '.'),
      streamEnd(7, 'tool-calls'),
    ]
    expect(keep(events).take()).toEqual(events)
  })

  it('keeps the seqs across a gap (an event of a type this version skips)', () => {
    const events = [streamStart(), textDelta(2, 'a'), textDelta(4, 'b'), textDelta(5, 'c')]
    expect(keep(events).take()).toEqual(events)
  })

  it('keeps the same data, every field of it', () => {
    const extended = { seq: 3, type: 'text-delta', data: { text: 'b', lang: 'en' } } as SluiceEvent
    const events = [streamStart(), textDelta(2, 'a'), extended, textDelta(4, 'c')]
    const taken = keep(events).take()
    expect(taken).toEqual(events)
    expect(taken[2]?.data).toBe(extended.data)
  })

  it('keeps nothing after take()', () => {
    const kept = keep([streamStart(), textDelta(2, 'a')])
    kept.take()
    expect(kept.take()).toEqual([])
    kept.push(textDelta(3, 'b'))
    expect(kept.take()).toEqual([textDelta(3, 'b')])
  })
})
