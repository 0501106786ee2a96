import { ProtocolError } from '@sluice/protocol'
import { describe, expect, it } from 'vitest'
import { SluiceError } from '../../src/index.js'
import { Sequencer } from '../../src/sequencer.js'
import { thrownBy } from './helpers/harness.js'

describe('Sequencer', () => {
  it('starts at 0 and accepts 1, 2, 3 as new', () => {
    const sequencer = new Sequencer()
    expect(sequencer.lastSeq).toBe(0)
    expect(['1', '2', '3'].map((id) => sequencer.accept(id))).toEqual([true, true, true])
    expect(sequencer.lastSeq).toBe(3)
  })

  it('reports ids at or below the last one as duplicates, without moving back', () => {
    const sequencer = new Sequencer()
    for (const id of ['1', '2', '3']) sequencer.accept(id)
    expect(['3', '1', '2', '3'].map((id) => sequencer.accept(id))).toEqual([
      false,
      false,
      false,
      false,
    ])
    expect(sequencer.lastSeq).toBe(3)
    expect(sequencer.accept('4')).toBe(true)
  })

  it('starts from a resume cursor', () => {
    const sequencer = new Sequencer(5)
    expect(sequencer.lastSeq).toBe(5)
    expect(sequencer.accept('1')).toBe(false)
    expect(sequencer.accept('5')).toBe(false)
    expect(sequencer.accept('6')).toBe(true)
    expect(sequencer.lastSeq).toBe(6)
  })

  it('a gap is a sequence-gap error and leaves the cursor where it was', () => {
    const sequencer = new Sequencer()
    sequencer.accept('1')
    sequencer.accept('2')
    const error = thrownBy(() => sequencer.accept('4'))
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ name: 'SluiceError', code: 'sequence-gap' })
    expect((error as Error).message).toContain('3')
    expect(sequencer.lastSeq).toBe(2)
  })

  it('a gap right after a resume cursor is an error too', () => {
    expect(thrownBy(() => new Sequencer(5).accept('7'))).toMatchObject({ code: 'sequence-gap' })
  })

  it.each([
    '',
    '0',
    '-1',
    '+1',
    '1.0',
    '01',
    ' 1',
    '1 ',
    '1e3',
    '0x10',
    'abc',
    '99999999999999999',
  ])('a malformed id %j is a protocol-error with the ProtocolError as cause', (id) => {
    const sequencer = new Sequencer(0)
    const error = thrownBy(() => sequencer.accept(id))
    expect(SluiceError.is(error)).toBe(true)
    expect(error).toMatchObject({ code: 'protocol-error' })
    expect(ProtocolError.is((error as Error).cause)).toBe(true)
    expect(sequencer.lastSeq).toBe(0)
  })
})
