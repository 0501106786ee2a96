import { describe, expect, it } from 'vitest'
import { ManualClock, systemClock } from '../src/index.js'

describe('systemClock', () => {
  it('resolves a zero sleep', async () => {
    await expect(systemClock.sleep(0)).resolves.toBeUndefined()
  })

  it('rejects with the reason of a signal that is already aborted', async () => {
    const reason = new Error('gone')
    await expect(systemClock.sleep(0, AbortSignal.abort(reason))).rejects.toBe(reason)
  })

  it('rejects a long sleep as soon as its signal aborts', async () => {
    const controller = new AbortController()
    const reason = new Error('gone')
    const sleeping = systemClock.sleep(60_000, controller.signal)
    controller.abort(reason)
    await expect(sleeping).rejects.toBe(reason)
  })

  it('never goes backwards', () => {
    const first = systemClock.now()
    expect(systemClock.now()).toBeGreaterThanOrEqual(first)
  })
})

describe('ManualClock', () => {
  it('starts at the given time and stays there until advanced', async () => {
    const clock = new ManualClock(1000)
    let woke = false
    void clock.sleep(10).then(() => {
      woke = true
    })
    await clock.advance(9)
    expect({ now: clock.now(), woke, pending: clock.pendingTimers }).toEqual({
      now: 1009,
      woke: false,
      pending: 1,
    })
    await clock.advance(1)
    expect({ now: clock.now(), woke, pending: clock.pendingTimers }).toEqual({
      now: 1010,
      woke: true,
      pending: 0,
    })
  })

  it('fires timers in due-time order, first come first fired for equal times', async () => {
    const clock = new ManualClock()
    const fired: string[] = []
    const sleep = (ms: number, name: string) =>
      clock.sleep(ms).then(() => fired.push(`${name}@${clock.now()}`))
    void sleep(20, 'c')
    void sleep(10, 'a')
    void sleep(10, 'b')
    void sleep(0, 'zero')
    await clock.advance(30)
    expect(fired).toEqual(['zero@0', 'a@10', 'b@10', 'c@20'])
  })

  it('fires the sleeps that woken code schedules within the same advance', async () => {
    const clock = new ManualClock()
    const wakeTimes: number[] = []
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10)
        wakeTimes.push(clock.now())
      }
    })()
    await clock.advance(25)
    expect(wakeTimes).toEqual([10, 20])
    await clock.advance(5)
    expect(wakeTimes).toEqual([10, 20, 30])
  })

  it('rejects with the reason and forgets the timer when the signal aborts', async () => {
    const clock = new ManualClock()
    const controller = new AbortController()
    const reason = new Error('gone')
    const sleeping = clock.sleep(10, controller.signal)
    expect(clock.pendingTimers).toBe(1)
    controller.abort(reason)
    await expect(sleeping).rejects.toBe(reason)
    expect(clock.pendingTimers).toBe(0)
    await expect(clock.sleep(10, controller.signal)).rejects.toBe(reason)
    expect(clock.pendingTimers).toBe(0)
  })

  it('runs until idle, ending at the last due time', async () => {
    const clock = new ManualClock()
    void clock.sleep(5).then(() => clock.sleep(70))
    await clock.runUntilIdle()
    expect({ now: clock.now(), pending: clock.pendingTimers }).toEqual({ now: 75, pending: 0 })
  })

  it('gives up on timers that keep coming beyond maxMs', async () => {
    const clock = new ManualClock()
    const controller = new AbortController()
    const heartbeat = (async () => {
      for (;;) await clock.sleep(1000, controller.signal)
    })()
    await expect(clock.runUntilIdle(10_000)).rejects.toThrow(/still pending after 10000 ms/)
    expect(clock.now()).toBe(10_000)
    controller.abort()
    await expect(heartbeat).rejects.toThrow()
  })

  it('refuses to go back in time', async () => {
    await expect(new ManualClock().advance(-1)).rejects.toThrow(RangeError)
  })
})
