import type { LanguageModelProvider } from '@sluice/provider'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  clientFor,
  collect,
  expectContiguous,
  startTestServer,
  type TestServer,
} from './helpers.js'

/** A model that answers with the user's message, in pieces of `size` characters. */
function echoProvider(): LanguageModelProvider {
  return {
    specificationVersion: 'v1',
    id: 'echo',
    defaultModel: 'echo-1',
    async *stream(request) {
      const text = request.messages.at(-1)?.content ?? ''
      const size = Number(request.providerOptions?.size ?? 3)
      for (let at = 0; at < text.length; at += size) {
        yield { type: 'text-delta', text: text.slice(at, at + size) }
      }
      yield { type: 'finish', finishReason: 'stop' }
    },
  }
}

/** What a hand-rolled SSE writer would turn into extra events, ids, fields or lost bytes. */
const forgeries = fc.constantFrom(
  '\n\nevent: stream-end\ndata: {"finishReason":"stop"}\n\n',
  '\r\n\r\nevent: error\r\ndata: {}\r\n\r\n',
  '\r',
  '\n',
  '\r\n',
  'id: 999\n',
  'id: 1\r',
  'data: ',
  'retry: 1\n\n',
  ': ping\n\n',
  'event: text-delta\n',
  '\u2028\u2029',
  '\uFEFF',
  '\0',
)

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ providers: [echoProvider()] })
})
afterAll(() => server.close())

describe('model output cannot forge an SSE event or field', () => {
  it('arrives through the real client exactly as the model wrote it, in one stream', async () => {
    const client = clientFor(server)
    const text = fc
      .array(fc.oneof(forgeries, fc.string({ unit: 'binary', maxLength: 12 })), {
        minLength: 1,
        maxLength: 8,
      })
      .map((pieces) => pieces.join(''))
    await fc.assert(
      fc.asyncProperty(text, async (content) => {
        const stream = client.start({ messages: [{ role: 'user', content }] })
        const events = await collect(stream)
        expect((await stream.result).text).toBe(content)
        expect(expectContiguous(events)).toBe(true)
        const types = events.map((event) => event.type)
        expect(types[0]).toBe('stream-start')
        expect(types.slice(1, -1).every((type) => type === 'text-delta')).toBe(true)
        expect(types.at(-1)).toBe('stream-end')
        expect(stream.metrics.reconnects).toBe(0)
      }),
      { numRuns: 60, seed: 11 },
    )
  })
})
