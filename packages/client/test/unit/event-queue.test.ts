import type { SluiceEvent } from '@sluice/protocol'
import { settle } from '@sluice/test-utils'
import { describe, expect, it } from 'vitest'
import { EventQueue } from '../../src/event-queue.js'
import { streamEnd, streamStart, textDelta, toolCallDelta } from './helpers/harness.js'

/** A text delta whose text is its seq. */
const event = (seq: number) => textDelta(seq, String(seq))

/** The seqs of the events drained. */
async function drainAll(queue: EventQueue): Promise<number[]> {
  const seqs: number[] = []
  for await (const item of queue.drain()) seqs.push(item.seq)
  return seqs
}

/** What a queue that was given `events`, then ended, yields. */
async function passedThrough(events: readonly SluiceEvent[]): Promise<SluiceEvent[]> {
  const queue = new EventQueue()
  for (const item of events) queue.push(item)
  queue.end()
  const drained: SluiceEvent[] = []
  for await (const item of queue.drain()) drained.push(item)
  return drained
}

describe('EventQueue', () => {
  it('keeps items pushed before iteration begins', async () => {
    const queue = new EventQueue()
    queue.push(event(1))
    queue.push(event(2))
    queue.push(event(3))
    queue.end()
    expect(await drainAll(queue)).toEqual([1, 2, 3])
  })

  it('ends at once when ended empty', async () => {
    const queue = new EventQueue()
    queue.end()
    expect(await drainAll(queue)).toEqual([])
  })

  it('wakes a waiting consumer for each push and for the end', async () => {
    const queue = new EventQueue()
    const seen: (number | string)[] = []
    const done = (async () => {
      for await (const item of queue.drain()) seen.push(item.seq)
      seen.push('<end>')
    })()
    await settle()
    expect(seen).toEqual([])
    queue.push(event(1))
    await settle()
    expect(seen).toEqual([1])
    queue.push(event(2))
    queue.push(event(3))
    await settle()
    expect(seen).toEqual([1, 2, 3])
    queue.end()
    await done
    expect(seen).toEqual([1, 2, 3, '<end>'])
  })

  it('fails only after the buffered items were drained', async () => {
    const queue = new EventQueue()
    const failure = new Error('boom')
    queue.push(event(1))
    queue.push(event(2))
    queue.fail(failure)
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const item of queue.drain()) seen.push(item.seq)
      })(),
    ).rejects.toBe(failure)
    expect(seen).toEqual([1, 2])
  })

  it('fails a consumer that is waiting', async () => {
    const queue = new EventQueue()
    const failure = new Error('late')
    const drained = drainAll(queue)
    await settle()
    queue.fail(failure)
    await expect(drained).rejects.toBe(failure)
  })

  it('drains a long queue (100 000 items) in order', async () => {
    const queue = new EventQueue()
    const count = 100_000
    for (let i = 0; i < count; i++) queue.push(event(i))
    queue.end()
    const items = await drainAll(queue)
    expect(items.length).toBe(count)
    expect(items.every((item, index) => item === index)).toBe(true)
  })

  it('keeps order when pushes and reads interleave (the buffer is recycled when emptied)', async () => {
    const queue = new EventQueue()
    const iterator = queue.drain()
    const read: number[] = []
    let next = 0
    for (let round = 0; round < 50; round++) {
      const batch = (round % 7) + 1
      for (let i = 0; i < batch; i++) queue.push(event(next++))
      // read fewer than were pushed in some rounds, all of them (emptying the buffer) in others
      const reads = round % 3 === 0 ? batch : Math.max(1, batch - 1)
      for (let i = 0; i < reads; i++) {
        const result = await iterator.next()
        if (!result.done) read.push(result.value.seq)
      }
    }
    queue.end()
    for (;;) {
      const result = await iterator.next()
      if (result.done) break
      read.push(result.value.seq)
    }
    expect(read).toEqual(Array.from({ length: next }, (_, i) => i))
  })
  it('yields events equal to those pushed, across types, around the same data but for a text delta of text alone', async () => {
    const extended = { seq: 3, type: 'text-delta', data: { text: 'b', lang: 'en' } } as SluiceEvent
    const events = [
      streamStart(),
      textDelta(2, 'a'),
      extended,
      toolCallDelta(5, 'call_1', '{}', 'weather'),
      streamEnd(6, 'tool-calls'),
    ]
    const drained = await passedThrough(events)
    expect(drained).toStrictEqual(events)
    expect(drained[1]?.data).not.toBe(events[1]?.data)
    for (const i of [0, 2, 3, 4]) expect(drained[i]?.data).toBe(events[i]?.data)
  })

  it('keeps the data of a text delta with any other own field, even one named __proto__', async () => {
    const withProto = JSON.parse('{"text":"a","__proto__":{"x":1}}') as { text: string }
    const events = [textDelta(2, 'a'), { seq: 3, type: 'text-delta', data: withProto }] as const
    const drained = await passedThrough(events)
    expect(drained).toStrictEqual(events)
    expect(drained[1]?.data).toBe(withProto)
  })
})
