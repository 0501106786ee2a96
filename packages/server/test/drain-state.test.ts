import { describe, expect, it } from 'vitest'
import { DrainState } from '../src/drain.js'

describe('DrainState', () => {
  it('calls every reader still listening when readers close, once, and reports it', () => {
    const drain = new DrainState()
    const called: number[] = []
    const added = Array.from({ length: 50 }, (_, i) => () => called.push(i))
    for (const listener of added) drain.listen(listener)
    drain.unlisten(added[7] as () => void)
    drain.begin()
    expect(drain).toMatchObject({ draining: true, readersClosed: false })
    expect(called).toEqual([])
    drain.closeReaders()
    drain.closeReaders()
    expect(drain.readersClosed).toBe(true)
    expect(called).toHaveLength(49)
    expect(called).not.toContain(7)
  })
})
