import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SSE_HEADERS } from './token-stream.js'

/** A loopback server that answers every request with `bytes`, in one write. */
export async function servePayload(bytes: Uint8Array): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume()
    response.writeHead(200, SSE_HEADERS)
    response.end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, server }
}
