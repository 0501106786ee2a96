import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type CursorStore,
  memoryCursorStore,
  type PersistedStream,
  type SluiceClient,
  SluiceError,
  type SluiceStream,
  sessionStorageCursorStore,
} from '../../src/index.js'
import {
  ControlledBody,
  collect,
  frames,
  harness,
  jsonError,
  REQUEST,
  RESUME_TOKEN,
  RecordingStore,
  resumeCall,
  STREAM_ID,
  settle,
  sseResponse,
  streamEnd,
  thrownBy,
  toolCallDelta,
} from './helpers/harness.js'
import { EVENTS, KEY, savedAt, TEXT } from './helpers/persisted-text.js'

const SAVED = savedAt(4)

/** A store holding `value` under KEY as it was written, valid or not. */
function storeWith(value: unknown): CursorStore & { removed: () => boolean } {
  let stored = value
  return {
    load: (key) => (key === KEY ? (stored as PersistedStream | undefined) : undefined),
    save: (key, state) => {
      if (key === KEY) stored = state
    },
    remove: (key) => {
      if (key === KEY) stored = undefined
    },
    removed: () => stored === undefined,
  }
}

/** The stream `resumePersisted()` returns; fails the test when it returns none. */
function resumeSaved(
  client: SluiceClient,
  options?: Parameters<SluiceClient['resumePersisted']>[1],
): SluiceStream {
  const stream = client.resumePersisted(KEY, options)
  if (!stream) throw new Error(`Nothing persisted under ${KEY}`)
  return stream
}

afterEach(() => {
  sessionStorage.clear()
  vi.restoreAllMocks()
})

describe('resumePersisted() after a reload', () => {
  it('a new client with the same store continues the stream: exact text, one POST in all', async () => {
    const store = new RecordingStore()
    // The first page: reads four events, then is hidden and goes away.
    const body = new ControlledBody()
    const before = harness([sseResponse(body.stream, { streamHeaders: true })], {
      cursorStore: store,
    })
    const first = before.client.start(REQUEST, { persistKey: KEY })
    body.write(...frames(EVENTS.slice(0, 4)))
    await settle()
    window.dispatchEvent(new Event('pagehide'))
    first.abort()

    // The reloaded page.
    const after = harness([sseResponse(frames(EVENTS.slice(4)))], { cursorStore: store })
    const texts: string[] = []
    const stream = resumeSaved(after.client, { onText: (_, text) => texts.push(text) })
    expect(stream.text).toBe('The river runs ')
    expect(stream.cursor).toEqual({ streamId: STREAM_ID, resumeToken: RESUME_TOKEN, lastSeq: 4 })
    const events = await collect(stream)
    expect((await stream.result).text).toBe(TEXT)
    expect(texts.at(-1)).toBe(TEXT)
    expect(events).toEqual(EVENTS.slice(4))
    expect(after.server.calls).toEqual([resumeCall(4)])
    expect(before.server.requests.map((request) => request.method)).toEqual(['POST'])
    expect(store.load(KEY)).toBeUndefined()
  })

  it('stays persisted under its key, so a second reload resumes it again', async () => {
    const store = memoryCursorStore()
    store.save(KEY, SAVED)
    const body = new ControlledBody()
    const second = harness([sseResponse(body.stream)], { cursorStore: store })
    const stream = resumeSaved(second.client)
    body.write(...frames(EVENTS.slice(4, 6)))
    await settle()
    stream.abort()
    expect(store.load(KEY)).toMatchObject({ lastSeq: 6, text: 'The river runs to the ' })

    const third = harness([sseResponse(frames(EVENTS.slice(6)))], { cursorStore: store })
    expect((await resumeSaved(third.client).result).text).toBe(TEXT)
    expect(third.server.requests[0]?.headers['last-event-id']).toBe('6')
    expect(store.load(KEY)).toBeUndefined()
  })

  it('restores the tool calls and goes on adding to them', async () => {
    const store = memoryCursorStore()
    store.save(KEY, {
      ...SAVED,
      lastSeq: 2,
      text: '',
      toolCalls: [{ toolCallId: 'c1', name: 'weather', argsText: '{"city":' }],
    })
    const { client } = harness(
      [sseResponse(frames([toolCallDelta(3, 'c1', '"Oslo"}'), streamEnd(4, 'tool-calls')]))],
      { cursorStore: store },
    )
    const stream = resumeSaved(client)
    expect(stream.toolCalls).toEqual([{ toolCallId: 'c1', name: 'weather', argsText: '{"city":' }])
    expect((await stream.result).toolCalls).toEqual([
      { toolCallId: 'c1', name: 'weather', argsText: '{"city":"Oslo"}', args: { city: 'Oslo' } },
    ])
  })

  it('the stream expired meanwhile (404): fails and removes the state', async () => {
    const store = memoryCursorStore()
    store.save(KEY, SAVED)
    const { client } = harness([jsonError(404, 'stream-not-found')], { cursorStore: store })
    await expect(resumeSaved(client).result).rejects.toMatchObject({ status: 404 })
    expect(store.load(KEY)).toBeUndefined()
  })

  it('nothing persisted under the key: undefined, and no request', () => {
    const { client, server } = harness([], { cursorStore: memoryCursorStore() })
    expect(client.resumePersisted(KEY)).toBeUndefined()
    expect(server.requests).toEqual([])
  })

  it('start() with a persistKey drops what was persisted under it before', () => {
    const store = memoryCursorStore()
    store.save(KEY, SAVED)
    const { client } = harness([() => new Promise<Response>(() => {})], { cursorStore: store })
    const stream = client.start(REQUEST, { persistKey: KEY })
    expect(store.load(KEY)).toBeUndefined()
    stream.abort()
  })

  it.each(['', 42, null])(
    'a persistKey of %j: start() and resumePersisted() throw invalid-argument',
    (key) => {
      const { client, server } = harness([], { cursorStore: memoryCursorStore() })
      const persistKey = key as string
      for (const call of [
        () => client.start(REQUEST, { persistKey }),
        () => client.resumePersisted(persistKey),
      ]) {
        const error = thrownBy(call)
        expect(SluiceError.is(error)).toBe(true)
        expect(error).toMatchObject({ code: 'invalid-argument' })
      }
      expect(server.requests).toEqual([])
    },
  )
})

describe('resumePersisted(): malformed state is removed and counts as absent', () => {
  it.each([
    ['another version', { ...SAVED, version: 2 }],
    ['no version', { ...SAVED, version: undefined }],
    ['an empty streamId', { ...SAVED, streamId: '' }],
    ['a numeric resumeToken', { ...SAVED, resumeToken: 7 }],
    ['a negative lastSeq', { ...SAVED, lastSeq: -1 }],
    ['a string lastSeq', { ...SAVED, lastSeq: '4' }],
    ['text that is not a string', { ...SAVED, text: null }],
    ['no toolCalls', { ...SAVED, toolCalls: undefined }],
    ['a tool call without id', { ...SAVED, toolCalls: [{ name: 'x', argsText: '' }] }],
    [
      'a tool call with a numeric name',
      { ...SAVED, toolCalls: [{ toolCallId: 'c', name: 1, argsText: '' }] },
    ],
    ['a string', 'sluice'],
    ['null', null],
    ['an array', [SAVED]],
  ])('%s', (_, value) => {
    const store = storeWith(value)
    const { client, server } = harness([], { cursorStore: store })
    expect(client.resumePersisted(KEY)).toBeUndefined()
    expect(store.removed()).toBe(true)
    expect(server.requests).toEqual([])
  })

  it('in sessionStorage, JSON that does not parse', () => {
    sessionStorage.setItem(`sluice:${KEY}`, '{"version":1,"streamId":')
    const { client } = harness([], { cursorStore: sessionStorageCursorStore() })
    expect(client.resumePersisted(KEY)).toBeUndefined()
    expect(sessionStorage.getItem(`sluice:${KEY}`)).toBeNull()
  })
})

describe('the default store', () => {
  it('is sessionStorage in a browser: state survives as JSON under a prefixed key', async () => {
    const body = new ControlledBody()
    const { client } = harness([sseResponse(body.stream, { streamHeaders: true })])
    const stream = client.start(REQUEST, { persistKey: KEY })
    body.write(...frames([...EVENTS.slice(0, 3), toolCallDelta(4, 'c1', '{}')]))
    await settle()
    stream.abort()
    const saved = JSON.parse(sessionStorage.getItem(`sluice:${KEY}`) ?? 'null')
    expect(saved).toEqual({
      version: 1,
      streamId: STREAM_ID,
      resumeToken: RESUME_TOKEN,
      lastSeq: 4,
      text: 'The river ',
      // JSON drops `name: undefined`; the state is still valid
      toolCalls: [{ toolCallId: 'c1', argsText: '{}' }],
    })
    const resumed = resumeSaved(harness([sseResponse(frames([streamEnd(5)]))]).client)
    expect(resumed.toolCalls).toEqual([{ toolCallId: 'c1', name: undefined, argsText: '{}' }])
    expect((await resumed.result).text).toBe('The river ')
    expect(sessionStorage.getItem(`sluice:${KEY}`)).toBeNull()
  })

  it('is in memory when sessionStorage refuses writes, and still resumes within the client', async () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    const body = new ControlledBody()
    const { client } = harness([
      sseResponse(body.stream, { streamHeaders: true }),
      sseResponse(frames(EVENTS.slice(3))),
    ])
    const first = client.start(REQUEST, { persistKey: KEY })
    body.write(...frames(EVENTS.slice(0, 3)))
    await settle()
    first.abort()
    expect((await resumeSaved(client).result).text).toBe(TEXT)
  })
})
