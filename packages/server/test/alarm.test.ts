import { describe, expect, it } from 'vitest'
import { type AlarmOwner, createAlarm, type Timers } from '../src/timers.js'
import { manualTimers } from './helpers/manual-timers.js'

const ringing = (ring: () => void): AlarmOwner => ({ ring })
/** An owner that counts the rings of its alarms. */
const ringCounter = () => ({
  rings: 0,
  ring() {
    this.rings++
  },
})
/** An alarm that writes `name` into `rung` when it rings. */
const logged = (rung: string[], timers: Timers, ms: number, name: string) =>
  createAlarm(
    timers,
    ms,
    ringing(() => rung.push(name)),
  )

describe('createAlarm', () => {
  it('rings once, ms after it was last armed', () => {
    const { timers, advance } = manualTimers()
    const counter = ringCounter()
    const alarm = createAlarm(timers, 100, counter)
    alarm.arm()
    advance(60)
    alarm.arm()
    advance(60)
    expect(counter.rings).toBe(0)
    advance(40)
    expect(counter.rings).toBe(1)
    advance(500)
    expect(counter.rings).toBe(1)
  })

  it('does not ring when disarmed, and rings again when re-armed', () => {
    const { timers, advance } = manualTimers()
    const counter = ringCounter()
    const alarm = createAlarm(timers, 100, counter)
    alarm.arm()
    alarm.disarm()
    advance(200)
    expect(counter.rings).toBe(0)
    alarm.arm()
    advance(100)
    expect(counter.rings).toBe(1)
    alarm.arm()
    advance(100)
    expect(counter.rings).toBe(2)
  })

  it('does not ring once disposed, and the last one disposed releases the timer', () => {
    const { timers, advance, pending } = manualTimers()
    const counter = ringCounter()
    const alarm = createAlarm(timers, 100, counter)
    const other = createAlarm(timers, 100, counter)
    alarm.arm()
    other.arm()
    alarm.dispose()
    expect(pending.size).toBe(1)
    other.dispose()
    expect(pending.size).toBe(0)
    advance(200)
    expect(counter.rings).toBe(0)
  })

  it('serves every alarm of one duration with one timer, each ringing at its own time', () => {
    const { timers, advance, pending } = manualTimers()
    const rung: string[] = []
    const first = logged(rung, timers, 100, 'first')
    const second = logged(rung, timers, 100, 'second')
    const third = logged(rung, timers, 100, 'third')
    first.arm()
    advance(30)
    second.arm()
    advance(30)
    third.arm()
    expect(pending.size).toBe(1)
    // Re-arming the head moves it behind the others.
    first.arm()
    advance(40)
    expect(rung).toEqual([])
    advance(30)
    expect(rung).toEqual(['second'])
    third.disarm()
    advance(29)
    expect(rung).toEqual(['second'])
    advance(1)
    expect(rung).toEqual(['second', 'first'])
    advance(100)
    expect(rung).toEqual(['second', 'first'])
    expect(pending.size).toBe(0)
  })

  it('keeps a separate timer per duration and per set of timers', () => {
    const { timers, advance, pending } = manualTimers()
    const other = manualTimers()
    const rung: string[] = []
    logged(rung, timers, 100, '100').arm()
    logged(rung, timers, 50, '50').arm()
    logged(rung, other.timers, 100, 'other').arm()
    expect(pending.size).toBe(2)
    advance(50)
    expect(rung).toEqual(['50'])
    advance(50)
    expect(rung).toEqual(['50', '100'])
    other.advance(100)
    expect(rung).toEqual(['50', '100', 'other'])
  })

  it('rings an alarm re-armed while ringing at its next time, not again at once', () => {
    const { timers, advance } = manualTimers()
    let rings = 0
    const heartbeat = createAlarm(
      timers,
      100,
      ringing(() => {
        rings++
        heartbeat.arm()
      }),
    )
    heartbeat.arm()
    advance(100)
    expect(rings).toBe(1)
    advance(99)
    expect(rings).toBe(1)
    advance(1)
    expect(rings).toBe(2)
  })

  it('rings on a clock with fractions with the one timer it set, not a second one', () => {
    const { timers, advance } = manualTimers()
    const set: number[] = []
    const counting = {
      ...timers,
      setTimeout: (callback: () => void, ms: number) => {
        set.push(ms)
        return timers.setTimeout(callback, ms)
      },
    }
    const counter = ringCounter()
    advance(0.5) // performance.now() is rarely a whole number
    createAlarm(counting, 100, counter).arm()
    advance(100)
    expect(counter.rings).toBe(1)
    expect(set).toEqual([100])
  })

  it('an alarm armed while another rings leaves the ones already waiting on time', () => {
    const { timers, advance } = manualTimers()
    const rung: string[] = []
    const later = logged(rung, timers, 100, 'later')
    const armedByRing = logged(rung, timers, 100, 'armed by a ring')
    const first = createAlarm(
      timers,
      100,
      ringing(() => {
        rung.push('first')
        if (rung.length > 1) return
        first.arm()
        armedByRing.arm()
      }),
    )
    first.arm()
    advance(50)
    later.arm() // due at 150
    advance(50)
    expect(rung).toEqual(['first'])
    advance(49)
    expect(rung).toEqual(['first'])
    advance(1)
    expect(rung).toEqual(['first', 'later'])
    advance(50)
    expect(rung).toEqual(['first', 'later', 'first', 'armed by a ring'])
  })

  it('rings an alarm longer than the longest timer on time, through several timers', () => {
    const { timers, advance, pending } = manualTimers()
    const counter = ringCounter()
    const day = 86_400_000
    createAlarm(timers, 30 * day, counter).arm()
    expect([...pending].map((timer) => timer.ms)).toEqual([2_147_483_647])
    advance(30 * day - 1)
    expect(counter.rings).toBe(0)
    advance(1)
    expect(counter.rings).toBe(1)
  })
})
