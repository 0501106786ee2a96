import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextAnimationFrame, synchronously } from '../src/index.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('frame schedulers', () => {
  it('nextAnimationFrame flushes in requestAnimationFrame and cancels with cancelAnimationFrame', () => {
    const frames: FrameRequestCallback[] = []
    const cancelAnimationFrame = vi.fn()
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) =>
      frames.push(callback),
    )
    vi.stubGlobal('cancelAnimationFrame', cancelAnimationFrame)
    const flush = vi.fn()

    const cancel = nextAnimationFrame(flush)
    expect(flush).not.toHaveBeenCalled()
    frames[0]?.(0)
    expect(flush).toHaveBeenCalledOnce()
    cancel()
    expect(cancelAnimationFrame).toHaveBeenCalledWith(1)
  })

  it('without requestAnimationFrame, nextAnimationFrame waits one frame on a timer', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.stubGlobal('requestAnimationFrame', undefined)
    const flush = vi.fn()
    nextAnimationFrame(flush)
    vi.advanceTimersByTime(15)
    expect(flush).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(flush).toHaveBeenCalledOnce()
    vi.useRealTimers()
  })

  it('synchronously flushes at once', () => {
    const flush = vi.fn()
    synchronously(flush)
    expect(flush).toHaveBeenCalledOnce()
  })
})
