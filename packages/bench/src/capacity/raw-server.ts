import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createPacedProvider } from './paced-provider.js'

/**
 * The floor: a plain `node:http` server that runs the same paced mock provider and writes each
 * part as one SSE frame, the naive endpoint's shape, with one `res.write` per frame. No
 * framework, no log, no heartbeats: what the socket writes alone cost on this machine.
 */
export function createRawServer(): Server {
  const provider = createPacedProvider()
  return createServer((req, res) => {
    readJson(req).then(
      (body) => streamParts(body as { messages: never; mock: unknown }, res),
      () => {
        res.writeHead(400).end()
      },
    )
  })

  async function streamParts(
    { messages, mock }: { messages: never; mock: unknown },
    res: ServerResponse,
  ): Promise<void> {
    const aborter = new AbortController()
    res.once('close', () => aborter.abort())
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    // The head now, as the other servers send it, not with the first token (maybe seconds away).
    res.flushHeaders()
    const request = { model: provider.defaultModel, messages, providerOptions: { mock } }
    let id = 0
    try {
      for await (const part of provider.stream(request, { signal: aborter.signal })) {
        const event = part.type === 'finish' ? 'stream-end' : part.type
        res.write(`id: ${++id}\nevent: ${event}\ndata: ${JSON.stringify(part)}\n\n`)
      }
      res.end()
    } catch (error) {
      // The client went away: the provider's sleep was aborted.
      if (!aborter.signal.aborted) res.destroy(error as Error)
    }
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      text += chunk
    })
    req.on('end', () => {
      try {
        resolve(JSON.parse(text))
      } catch (error) {
        reject(error)
      }
    })
    req.on('error', reject)
  })
}
