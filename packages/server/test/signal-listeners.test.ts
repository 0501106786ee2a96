import { describe, expect, it } from 'vitest'
import { SignalListeners } from '../src/signal-listeners.js'

describe('SignalListeners', () => {
  it('calls every listener still listening when the signal aborts, and reports it aborted', () => {
    const controller = new AbortController()
    const listeners = new SignalListeners(controller.signal)
    const called: number[] = []
    const added = Array.from({ length: 50 }, (_, i) => () => called.push(i))
    for (const listener of added) listeners.listen(listener)
    listeners.unlisten(added[7] as () => void)
    expect(listeners.aborted).toBe(false)
    controller.abort()
    expect(listeners.aborted).toBe(true)
    expect(called).toHaveLength(49)
    expect(called).not.toContain(7)
  })
})
