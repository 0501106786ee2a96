import { describe, expect, it } from 'vitest'
import { createAlarm, type Timers } from '../src/timers.js'
import { manualTimers } from './helpers/manual-timers.js'

/** The alarm on timers that refresh (Node's) and on timers that only set and clear. */
const variants: [string, () => ReturnType<typeof manualTimers>][] = [
  ['refreshing timers', manualTimers],
  [
    'set-and-clear timers',
    () => {
      const manual = manualTimers()
      const { refresh: _, ...timers } = manual.timers
      return { ...manual, timers: timers satisfies Timers }
    },
  ],
]

describe.each(variants)('createAlarm on %s', (_, makeTimers) => {
  it('rings once, ms after it was last armed', () => {
    const { timers, advance } = makeTimers()
    let rings = 0
    const alarm = createAlarm(timers, 100, () => rings++)
    alarm.arm()
    advance(60)
    alarm.arm()
    advance(60)
    expect(rings).toBe(0)
    advance(40)
    expect(rings).toBe(1)
    advance(500)
    expect(rings).toBe(1)
  })

  it('does not ring when disarmed, and rings again when re-armed', () => {
    const { timers, advance } = makeTimers()
    let rings = 0
    const alarm = createAlarm(timers, 100, () => rings++)
    alarm.arm()
    alarm.disarm()
    advance(200)
    expect(rings).toBe(0)
    alarm.arm()
    advance(100)
    expect(rings).toBe(1)
    alarm.arm()
    advance(100)
    expect(rings).toBe(2)
  })

  it('releases its timer when disposed', () => {
    const { timers, advance, pending } = makeTimers()
    let rings = 0
    const alarm = createAlarm(timers, 100, () => rings++)
    alarm.arm()
    alarm.dispose()
    expect(pending.size).toBe(0)
    advance(200)
    expect(rings).toBe(0)
  })
})
