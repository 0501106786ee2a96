import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * Hono's `bodyLimit`, without its cost on the requests it has nothing to count: it reads
 * `c.req.raw.body` first, which on `@hono/node-server` turns the adapter's light request into a
 * full WHATWG `Request` (URL, header list, body stream, signal) that the connection keeps for an
 * event stream's whole life. A request that declares its length is checked on that header, as
 * `bodyLimit` itself does (Node's parser holds the body to it); a GET or HEAD has no body
 * (`bodyLimit` lets it through too). Only a streamed body is left to `bodyLimit` to count.
 */
export function limitBody(maxSize: number, refuse: () => never): MiddlewareHandler {
  const countStreamed = bodyLimit({ maxSize, onError: refuse })
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const declared = c.req.header('content-length')
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return countStreamed(c, next)
    }
    if (Number.parseInt(declared, 10) > maxSize) refuse()
    await next()
  }
}
