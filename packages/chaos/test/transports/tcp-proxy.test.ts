import { type AddressInfo, connect, createServer, type Socket } from 'node:net'
import {
  type ChaosProxy,
  CUT_ALIGNMENTS,
  faultsInOrder,
  startChaosProxy,
  startTestServer,
  type TestServer,
} from '@sluice/test-utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { realClientContract } from './contracts/real-client.js'
import type { ChaosTransport } from './contracts/transport.js'
import { wireContract } from './contracts/wire.js'
import {
  expectedText,
  postInit,
  readAll,
  readUntilBroken,
  request,
  testClient,
  totalEvents,
} from './helpers.js'

const transport: ChaosTransport = {
  async start(server, plan) {
    const proxy = await startChaosProxy({ target: server.url, plan, seed: 1 })
    return { baseUrl: proxy.url, records: proxy.exchanges, close: () => proxy.close() }
  },
  // undici's words for a connection that ended mid-chunk (its cause: `other side closed`).
  cutError: { name: 'TypeError', message: 'terminated' },
}

realClientContract('chaos proxy', transport)
wireContract('chaos proxy', transport)

/** Collects a raw socket's bytes until `marker` has arrived (or the socket ends). */
function readRaw(socket: Socket, marker: string): Promise<string> {
  let text = ''
  return new Promise((resolve, reject) => {
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1')
      if (text.includes(marker)) resolve(text)
    })
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

/** A server that records the raw bytes it gets and answers each connection with `response`. */
async function rawTarget(response: string[], requestEnd: string) {
  const received: Buffer[] = []
  const server = createServer((socket) => {
    socket.on('data', async (data: Buffer) => {
      received.push(data)
      if (!Buffer.concat(received).includes(requestEnd)) return
      for (const part of response) await new Promise((done) => socket.write(part, done))
      socket.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    target: { host: '127.0.0.1', port },
    received: () => Buffer.concat(received).toString('latin1'),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

describe('the chaos proxy as an HTTP/1.1 hop', () => {
  let proxy: ChaosProxy | undefined
  afterEach(() => proxy?.close())

  const chunkedRequest =
    'POST /echo HTTP/1.1\r\nHost: example\r\nX-Odd:   spaced  \r\n' +
    'Transfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\n\r\n'

  it.each([
    [
      'a Content-Length',
      ['HTTP/1.1 200 OK\r\nContent-Length: 11\r\nKeep-Alive: timeout=5\r\n\r\nhello world'],
    ],
    ['a close-delimited', ['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhello', ' world']],
    [
      'a chunked',
      [
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n9\r\nllo world\r\n0\r\n\r\n',
      ],
    ],
  ])(
    'forwards the request bytes unchanged, and re-frames %s response as chunked',
    async (_, response) => {
      const target = await rawTarget(response, '0\r\n\r\n')
      try {
        proxy = await startChaosProxy({ target: target.target, plan: faultsInOrder() })
        const client = connect(proxy.port, '127.0.0.1')
        client.write(chunkedRequest)
        const answer = await readRaw(client, '0\r\n\r\n')
        client.destroy()
        expect(target.received()).toBe(chunkedRequest)
        const [head, body] = answer.split('\r\n\r\n', 2)
        expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
        expect(head).toMatch(/\r\nTransfer-Encoding: chunked$/)
        expect(head).not.toMatch(/Content-Length|Keep-Alive/i)
        const decoded = answer.slice(`${head}\r\n\r\n`.length).replace(/(^|\r\n)[0-9a-f]+\r\n/g, '')
        expect(decoded).toBe('hello world\r\n')
        expect(body).toBeDefined()
        expect(proxy.exchanges).toMatchObject([
          { requestLine: 'POST /echo HTTP/1.1', status: 200, bytesForwarded: 11, cut: false },
        ])
      } finally {
        await target.close()
      }
    },
  )
})

describe('the chaos proxy and the client’s connections', () => {
  let server: TestServer
  let proxy: ChaosProxy | undefined
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterEach(() => proxy?.close())
  afterAll(() => server.close())

  it.each([
    [false, [0, 0]],
    [true, [0, 1]],
  ] as const)(
    'connectionClose %s: two requests in a row go over connections %j',
    async (connectionClose, connections) => {
      proxy = await startChaosProxy({ target: server.url, plan: faultsInOrder(), connectionClose })
      const heads: string[] = []
      let socket = connect(proxy.port, '127.0.0.1')
      for (let i = 0; i < 2; i++) {
        if (socket.destroyed || socket.readableEnded) socket = connect(proxy.port, '127.0.0.1')
        socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n')
        const answer = await readRaw(socket, '0\r\n\r\n')
        socket.removeAllListeners('data').removeAllListeners('end')
        heads.push(answer.split('\r\n\r\n')[0] ?? '')
        if (connectionClose) await new Promise((ended) => socket.once('close', ended))
      }
      socket.destroy()
      expect(proxy.exchanges.map((exchange) => exchange.connection)).toEqual(connections)
      for (const head of heads) {
        expect(head.includes('\r\nConnection: close')).toBe(connectionClose)
      }
    },
  )

  /**
   * How undici (Node's `fetch`) reports a connection that breaks mid-chunk: `terminated`, caused
   * by the socket closing, or for an RST that arrives while it reads, by ECONNRESET (which of the
   * two depends on timing, so a busy machine sees both).
   */
  const terminated = { name: 'TypeError', message: 'terminated', causes: ['UND_ERR_SOCKET'] }
  const terminatedOrReset = { ...terminated, causes: ['UND_ERR_SOCKET', 'ECONNRESET'] }
  it.each([
    [false, 'close', terminated],
    [false, 'reset', terminatedOrReset],
    // With `Connection: close`, undici takes any end of the connection for the end of the body.
    [true, 'close', undefined],
    [true, 'reset', undefined],
  ] as const)(
    'connectionClose %s, cut with %s: undici reports %j',
    async (connectionClose, cutWith, expected) => {
      const fault = { kind: 'cut', afterBytes: 300 } as const
      proxy = await startChaosProxy({
        target: server.url,
        plan: faultsInOrder(fault),
        connectionClose,
        cutWith,
      })
      const response = await fetch(`${proxy.url}/v1/streams`, postInit())
      const { bytes, error } = await readUntilBroken(response)
      expect(bytes.length).toBe(300)
      expect(proxy.exchanges[0]?.cut).toBe(true)
      if (expected === undefined) return expect(error).toBeUndefined()
      // `name` is inherited, so toMatchObject would not see it.
      expect([error?.name, error?.message]).toEqual([expected.name, expected.message])
      expect(expected.causes).toContain((error?.cause as { code?: string } | undefined)?.code)
    },
  )

  it.each([[{ connectionClose: true }], [{ cutWith: 'reset' }]] as const)(
    '%j: the real client still resumes byte-exact',
    async (options) => {
      server.mock.resetStats()
      proxy = await startChaosProxy({
        target: server.url,
        plan: (index) =>
          index < 3
            ? {
                kind: 'cut',
                afterBytes: 100 + 200 * index,
                align: CUT_ALIGNMENTS[index + 1] ?? 'any',
              }
            : { kind: 'none' },
        ...options,
      })
      const { events, result, error } = await readAll(testClient(proxy.url).client.start(request()))
      expect(error).toBeUndefined()
      expect(result?.text).toBe(expectedText)
      expect(events.map((event) => event.seq)).toEqual(
        Array.from({ length: totalEvents }, (_, i) => i + 1),
      )
      expect(proxy.exchanges.map((exchange) => exchange.cut)).toEqual([true, true, true, false])
      expect(server.mock.stats.calls).toBe(1)
    },
  )

  it('close() breaks the connections it carries', async () => {
    proxy = await startChaosProxy({ target: server.url, plan: faultsInOrder() })
    const long = { seed: 3, tokens: 10_000, ttftMs: 0, tokenDelayMs: 2 }
    const response = await fetch(`${proxy.url}/v1/streams`, postInit(long))
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await proxy.close()
    proxy = undefined
    await expect(reader.read()).rejects.toMatchObject({ message: 'terminated' })
    await server.service.stopAll()
  })
})
