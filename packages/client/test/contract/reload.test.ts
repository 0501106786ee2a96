import { mockText } from '@sluice/mock-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryCursorStore } from '../../src/index.js'
import {
  clientFor,
  collect,
  expectContiguous,
  fastScenario,
  request,
  startTestServer,
  type TestServer,
} from './helpers.js'

const KEY = 'conversation-1'
const scenario = { ...fastScenario, tokenDelayMs: 3 }
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ heartbeatMs: 1_000 })
})
afterAll(() => server.close())

describe('reload through persistKey against the real server', () => {
  it('a second client sharing the store resumes the stream: exact text, one upstream call', async () => {
    server.mock.resetStats()
    const store = memoryCursorStore()
    const first = clientFor(server, { cursorStore: store }).start(request(scenario), {
      persistKey: KEY,
    })
    let deltas = 0
    for await (const event of first) {
      if (event.type === 'text-delta') deltas++
      if (deltas === 10) break
    }
    // The page goes away mid-stream; only the store survives it.
    first.abort()
    await first.result.catch(() => {})
    // At least the 11 events iterated; more if they were already read into the stream's buffer.
    const saved = store.load(KEY)
    expect(saved).toMatchObject({ lastSeq: first.cursor?.lastSeq, text: first.text })
    const lastSeq = saved?.lastSeq ?? 0
    expect(lastSeq).toBeGreaterThanOrEqual(11)

    const resumed = clientFor(server, { cursorStore: store }).resumePersisted(KEY)
    if (!resumed) throw new Error('nothing was persisted')
    expect(resumed.text).toBe(first.text)
    const events = await collect(resumed)

    expect((await resumed.result).text).toBe(mockText({ ...scenario, json: false }))
    expect(events[0]?.seq).toBe(lastSeq + 1)
    expect(expectContiguous(events, lastSeq + 1)).toBe(true)
    expect(server.mock.stats.calls).toBe(1)
    expect(store.load(KEY)).toBeUndefined()
  })
})
