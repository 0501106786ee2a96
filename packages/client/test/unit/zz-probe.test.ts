import { it } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'

it('probe', async () => {
  console.log('Response', Response.toString().slice(0, 60), (globalThis as any).Response === (globalThis as any).window?.Response)
  console.log('fetch', String(globalThis.fetch).slice(0, 80))
  console.log('ReadableStream', String(ReadableStream).slice(0, 60), typeof setImmediate, String(setTimeout).slice(0,60))
  console.log('TextDecoder', String(TextDecoder).slice(0, 60), 'AbortController', String(AbortController).slice(0,60))
  const rs = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('hi')); c.close() } })
  const r = new Response(rs, { headers: { 'content-type': 'text/event-stream' } })
  console.log('same body', r.body === rs, r.body?.constructor.name)
  const server = setupServer(http.get('http://example.test/x', () => new HttpResponse('hello', { headers: { 'content-type': 'text/plain' } })))
  server.listen({ onUnhandledRequest: 'error' })
  try {
    const res = await fetch('http://example.test/x')
    console.log('msw', res.status, await res.text())
  } catch (e) { console.log('msw error', e) }
  server.close()
  const ac = new AbortController(); ac.abort(); console.log('reason', ac.signal.reason?.name, ac.signal.reason instanceof DOMException)
})
