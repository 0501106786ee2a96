import type { AddressInfo } from 'node:net'
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { createSluiceServer, type SluiceServer } from './app.js'
import type { SluiceServerOptions } from './config.js'
import { takePullSource } from './http/pull-body.js'
import { sendPullResponse } from './node-pull-response.js'

export interface ListenOptions {
  /** @defaultValue 8787; 0 picks a free port */
  port?: number
  /** @defaultValue '127.0.0.1' */
  hostname?: string
}

export interface NodeServerOptions extends SluiceServerOptions, ListenOptions {}

export interface RunningServer extends SluiceServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string
  port: number
}

/** Builds the reference server and serves it on Node's HTTP server. */
export function startNodeServer(options: NodeServerOptions = {}): Promise<RunningServer> {
  return serveOnNode(createSluiceServer(options), options)
}

/** Serves an already built server (to which the host may have added routes) on Node. */
export function serveOnNode(
  sluice: SluiceServer,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    const http = serve(
      { fetch: nodeFetch(sluice), port: options.port ?? 8787, hostname },
      (info) => {
        const { port } = info as AddressInfo
        const host = hostname.includes(':') ? `[${hostname}]` : hostname
        resolve({
          ...sluice,
          url: `http://${host}:${port}`,
          port,
          async close() {
            await sluice.close()
            // Open event streams would hold `close()` forever; their clients reconnect elsewhere.
            await new Promise<void>((done) => {
              http.close(() => done())
              if ('closeAllConnections' in http) http.closeAllConnections()
            })
          },
        })
      },
    )
    http.once('error', reject)
  })
}

/** The app's fetch, with event streams written straight to Node's response (see `pullBody`). */
function nodeFetch(sluice: SluiceServer) {
  return async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const response = await sluice.app.fetch(request, env)
    const source = response.body ? takePullSource(response.body) : undefined
    if (!source) return response
    sendPullResponse(response, source, env.outgoing)
    return RESPONSE_ALREADY_SENT
  }
}
