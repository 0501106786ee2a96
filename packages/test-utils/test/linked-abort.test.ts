import { describe, expect, it } from 'vitest'
import { linkedAbort } from '../src/linked-abort.js'

describe('linkedAbort', () => {
  it('follows the caller signal, also one aborted before the request', () => {
    const caller = new AbortController()
    const live = linkedAbort(caller.signal)
    expect(live.signal.aborted).toBe(false)
    caller.abort('bye')
    expect(live.signal.reason).toBe('bye')

    expect(linkedAbort(AbortSignal.abort('early')).signal.reason).toBe('early')
    expect(linkedAbort(undefined).signal.aborted).toBe(false)
  })
})
