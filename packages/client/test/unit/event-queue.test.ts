import { settle } from '@sluice/test-utils'
import { describe, expect, it } from 'vitest'
import { EventQueue } from '../../src/event-queue.js'

async function drainAll<T>(queue: EventQueue<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of queue.drain()) items.push(item)
  return items
}

describe('EventQueue', () => {
  it('keeps items pushed before iteration begins', async () => {
    const queue = new EventQueue<number>()
    queue.push(1)
    queue.push(2)
    queue.push(3)
    queue.end()
    expect(await drainAll(queue)).toEqual([1, 2, 3])
  })

  it('ends at once when ended empty', async () => {
    const queue = new EventQueue<number>()
    queue.end()
    expect(await drainAll(queue)).toEqual([])
  })

  it('wakes a waiting consumer for each push and for the end', async () => {
    const queue = new EventQueue<string>()
    const seen: string[] = []
    const done = (async () => {
      for await (const item of queue.drain()) seen.push(item)
      seen.push('<end>')
    })()
    await settle()
    expect(seen).toEqual([])
    queue.push('a')
    await settle()
    expect(seen).toEqual(['a'])
    queue.push('b')
    queue.push('c')
    await settle()
    expect(seen).toEqual(['a', 'b', 'c'])
    queue.end()
    await done
    expect(seen).toEqual(['a', 'b', 'c', '<end>'])
  })

  it('fails only after the buffered items were drained', async () => {
    const queue = new EventQueue<number>()
    const failure = new Error('boom')
    queue.push(1)
    queue.push(2)
    queue.fail(failure)
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const item of queue.drain()) seen.push(item)
      })(),
    ).rejects.toBe(failure)
    expect(seen).toEqual([1, 2])
  })

  it('fails a consumer that is waiting', async () => {
    const queue = new EventQueue<number>()
    const failure = new Error('late')
    const drained = drainAll(queue)
    await settle()
    queue.fail(failure)
    await expect(drained).rejects.toBe(failure)
  })

  it('drains a long queue (100 000 items) in order', async () => {
    const queue = new EventQueue<number>()
    const count = 100_000
    for (let i = 0; i < count; i++) queue.push(i)
    queue.end()
    const items = await drainAll(queue)
    expect(items.length).toBe(count)
    expect(items.every((item, index) => item === index)).toBe(true)
  })

  it('keeps order when pushes and reads interleave (the buffer is recycled when emptied)', async () => {
    const queue = new EventQueue<number>()
    const iterator = queue.drain()
    const read: number[] = []
    let next = 0
    for (let round = 0; round < 50; round++) {
      const batch = (round % 7) + 1
      for (let i = 0; i < batch; i++) queue.push(next++)
      // read fewer than were pushed in some rounds, all of them (emptying the buffer) in others
      const reads = round % 3 === 0 ? batch : Math.max(1, batch - 1)
      for (let i = 0; i < reads; i++) {
        const result = await iterator.next()
        if (!result.done) read.push(result.value)
      }
    }
    queue.end()
    for (;;) {
      const result = await iterator.next()
      if (result.done) break
      read.push(result.value)
    }
    expect(read).toEqual(Array.from({ length: next }, (_, i) => i))
  })
})
