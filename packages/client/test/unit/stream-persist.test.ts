import { createRandom } from '@sluice/mock-provider'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type CursorStore, sessionStorageCursorStore } from '../../src/index.js'
import {
  ControlledBody,
  errorEvent,
  frames,
  harness,
  REQUEST,
  RecordingStore,
  type Reply,
  settle,
  sseResponse,
  streamStart,
  textDelta,
  textStream,
  toBytes,
} from './helpers/harness.js'
import { EVENTS, KEY, savedAt, TEXT, textAt } from './helpers/persisted-text.js'

/** A persisted `start()` reading a body the test writes, with timers the test fires. */
function persistedStart(more: Reply[] = [], store: CursorStore = new RecordingStore()) {
  const body = new ControlledBody()
  const h = harness([sseResponse(body.stream, { streamHeaders: true }), ...more], {
    manualBackoff: true,
    cursorStore: store,
  })
  const stream = h.client.start(REQUEST, { persistKey: KEY })
  return { ...h, body, stream, store }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('persistKey: saving', () => {
  it('saves right after stream-start, then at most once per persistIntervalMs, the last one trailing', async () => {
    const store = new RecordingStore()
    const { body, stream, timers } = persistedStart([], store)
    body.write(...frames(EVENTS.slice(0, 1)))
    await settle()
    expect(store.saves).toEqual([savedAt(1)])

    body.write(...frames(EVENTS.slice(1, 4)))
    await timers.advance(249)
    expect(store.saves).toHaveLength(1)
    await timers.advance(1)
    expect(store.saves.slice(1)).toMatchObject([{ lastSeq: 4, text: textAt(4) }])

    // After a quiet interval, the next event is saved at once.
    await timers.advance(1_000)
    body.write(...frames(EVENTS.slice(4, 5)))
    await settle()
    expect(store.saves.slice(2)).toMatchObject([{ lastSeq: 5, text: textAt(5) }])

    body.write(...frames(EVENTS.slice(5)))
    expect((await stream.result).text).toBe(TEXT)
    // The end drops the trailing save that was due and removes the state.
    await timers.advance(1_000)
    expect(store.saves).toHaveLength(3)
    expect(store.load(KEY)).toBeUndefined()
  })

  it.each([1, 2, 3, 4, 5])(
    'random chunks (seed %i): every save holds exactly the text of its lastSeq',
    async (seed) => {
      const pieces = Array.from({ length: 60 }, (_, index) => `w${index} `)
      const bytes = toBytes(frames(textStream(pieces)).join(''))
      const random = createRandom(seed, 'persist-chunks')
      const chunks: Uint8Array[] = []
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(random() * 40)
        chunks.push(bytes.slice(at, at + size))
        at += size
      }
      const store = new RecordingStore()
      // Save timers fire by themselves here, between reads of the chunks.
      const { client } = harness([sseResponse(chunks, { streamHeaders: true })], {
        cursorStore: store,
        persistIntervalMs: 1,
      })
      const result = await client.start(REQUEST, { persistKey: KEY }).result
      expect(result.text).toBe(pieces.join(''))
      expect(store.saves.length).toBeGreaterThan(2)
      for (const save of store.saves) {
        expect(save.text).toBe(pieces.slice(0, save.lastSeq - 1).join(''))
      }
      const seqs = store.saves.map((save) => save.lastSeq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      expect(store.load(KEY)).toBeUndefined()
    },
  )

  it('persists tool calls with the text', async () => {
    const store = new RecordingStore()
    const { body, stream } = persistedStart([], store)
    body.write(
      ...frames([
        streamStart(),
        textDelta(2, 'Checking.'),
        { seq: 3, type: 'tool-call-delta', data: { toolCallId: 'c1', argsDelta: '{"a":' } },
      ]),
    )
    await settle()
    stream.abort()
    expect(store.load(KEY)).toMatchObject({
      lastSeq: 3,
      text: 'Checking.',
      toolCalls: [{ toolCallId: 'c1', name: undefined, argsText: '{"a":' }],
    })
  })

  it('saves at once when the page is hidden or left, and stops listening once the stream ended', async () => {
    const store = new RecordingStore()
    const { body, stream } = persistedStart([], store)
    body.write(...frames(EVENTS.slice(0, 3)))
    await settle()
    expect(store.saves.map((save) => save.lastSeq)).toEqual([1])

    window.dispatchEvent(new Event('pagehide'))
    expect(store.saves.map((save) => save.lastSeq)).toEqual([1, 3])

    body.write(...frames(EVENTS.slice(3, 4)))
    await settle()
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    expect(store.saves.map((save) => save.lastSeq)).toEqual([1, 3, 4])
    // Nothing new since: no second save of the same state.
    window.dispatchEvent(new Event('pagehide'))
    expect(store.saves).toHaveLength(3)
    visibility.mockRestore()

    body.write(...frames(EVENTS.slice(4)))
    await stream.result
    window.dispatchEvent(new Event('pagehide'))
    expect(store.saves).toHaveLength(3)
    expect(store.load(KEY)).toBeUndefined()
  })
})

describe('persistKey: removal', () => {
  it('removes the state when the stream ends with an error event', async () => {
    const store = new RecordingStore()
    const { body, stream } = persistedStart([], store)
    body.write(
      ...frames([streamStart(), textDelta(2, 'Hal'), errorEvent(3, 'upstream-error', 'x', true)]),
    )
    await expect(stream.result).rejects.toMatchObject({ code: 'stream-error' })
    expect(store.saves.length).toBeGreaterThan(0)
    expect(store.load(KEY)).toBeUndefined()
  })

  it('removes the state on a fatal error (a gap in the sequence)', async () => {
    const store = new RecordingStore()
    const { body, stream } = persistedStart([], store)
    body.write(...frames([streamStart(), textDelta(3, 'skipped one')]))
    await expect(stream.result).rejects.toMatchObject({ code: 'sequence-gap' })
    expect(store.saves).toHaveLength(1)
    expect(store.load(KEY)).toBeUndefined()
  })

  it('keeps the state, saved at once, on abort(): the reload case', async () => {
    const store = new RecordingStore()
    const { body, stream } = persistedStart([], store)
    body.write(...frames(EVENTS.slice(0, 4)))
    await settle()
    expect(store.saves).toHaveLength(1)
    stream.abort()
    expect(store.load(KEY)).toMatchObject({ lastSeq: 4, text: textAt(4) })
    await expect(stream.result).rejects.toMatchObject({ code: 'aborted' })
    expect(store.removals).toEqual([KEY]) // only the one start() made before the stream was named
    expect(store.load(KEY)).toMatchObject({ lastSeq: 4 })
  })

  it('keeps the state when the retries for the network run out: the server still has the stream', async () => {
    const store = new RecordingStore()
    const offline = new TypeError('Failed to fetch')
    const { client } = harness(
      [
        sseResponse(frames(EVENTS.slice(0, 3)), {
          streamHeaders: true,
          end: new TypeError('network error'),
        }),
        offline,
        offline,
      ],
      { cursorStore: store, retry: { maxAttempts: 2 } },
    )
    const stream = client.start(REQUEST, { persistKey: KEY })
    await expect(stream.result).rejects.toMatchObject({ code: 'network-error' })
    expect(store.load(KEY)).toMatchObject({ lastSeq: 3, text: textAt(3) })
  })
})

describe('persistKey: a store that fails', () => {
  it('a store that throws on every save and removal does not break the stream', async () => {
    const failing: CursorStore = {
      load: () => undefined,
      save: () => {
        throw new Error('disk full')
      },
      remove: () => {
        throw new Error('disk gone')
      },
    }
    const errors: Error[] = []
    const { client } = harness([sseResponse(frames(EVENTS), { streamHeaders: true })], {
      cursorStore: failing,
    })
    const stream = client.start(REQUEST, {
      persistKey: KEY,
      onError: (error) => errors.push(error),
    })
    expect((await stream.result).text).toBe(TEXT)
    expect(errors).toEqual([])
  })

  it('sessionStorage over its quota does not break the stream', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    const { client } = harness([sseResponse(frames(EVENTS), { streamHeaders: true })], {
      cursorStore: sessionStorageCursorStore(),
    })
    expect((await client.start(REQUEST, { persistKey: KEY }).result).text).toBe(TEXT)
    expect(setItem).toHaveBeenCalled()
  })
})
