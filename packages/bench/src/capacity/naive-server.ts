import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { createPacedProvider } from './paced-provider.js'

/**
 * The baseline: what an app writes without Sluice. A Hono `streamSSE` endpoint that pipes the
 * same paced mock provider straight to the response: no log, no resume, no backpressure bound.
 */
export function createNaiveApp(): Hono {
  const provider = createPacedProvider()
  const app = new Hono()
  app.post('/v1/streams', async (c) => {
    const { messages, mock } = await c.req.json()
    const request = { model: provider.defaultModel, messages, providerOptions: { mock } }
    return streamSSE(c, async (sse) => {
      const aborter = new AbortController()
      sse.onAbort(() => aborter.abort())
      let id = 0
      try {
        for await (const part of provider.stream(request, { signal: aborter.signal })) {
          const event = part.type === 'finish' ? 'stream-end' : part.type
          await sse.writeSSE({ id: String(++id), event, data: JSON.stringify(part) })
        }
      } catch (error) {
        // The client went away: the provider's sleep was aborted.
        if (!aborter.signal.aborted) throw error
      }
    })
  })
  return app
}
