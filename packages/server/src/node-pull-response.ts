import type { EventEmitter } from 'node:events'
import type { OutgoingHttpHeaders } from 'node:http'
import type { ChunkSink, PullSource } from './http/pull-body.js'

/** What this needs of Node's HTTP/1 `ServerResponse` and HTTP/2 `Http2ServerResponse`. */
interface NodeResponse extends EventEmitter {
  /** True once the response is closed: by the client leaving, too. */
  readonly destroyed: boolean
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown
  write(chunk: string): boolean
  end(): unknown
  destroy(error?: Error): unknown
}

/**
 * Sends `response` on Node's own response object: its status and headers now, then its body
 * straight from `source`, pulling the next chunk only once Node's buffer has room, as the web
 * stream that `pullBody` made would, minus its promises and allocations per chunk.
 */
export function sendPullResponse(
  response: Response,
  source: PullSource,
  outgoing: NodeResponse,
): void {
  // No flushHeaders(): the head leaves with the first chunk (the `retry:` hint, sent at once),
  // in one write, as @hono/node-server sends a web stream's first chunks.
  outgoing.writeHead(response.status, nodeHeaders(response.headers))
  new NodePump(source, outgoing).run()
  shrinkHead(outgoing)
}

/** What stands for an HTTP/1 response head once it has been sent (see `shrinkHead`). */
const HEAD_SENT = 'HTTP/1.1 (head sent)\r\n\r\n'

/**
 * Node builds an HTTP/1 response head by concatenating each header, and keeps that string for
 * the response's life: a rope of about 80 V8 strings (2.5 KB for this server's 22 headers), or
 * 0.8 KB flat, in an open event stream the largest thing Sluice adds to a connection. Once the
 * head is sent (`_headerSent`), Node only asks whether `_header` is set (to refuse late
 * headers): it then becomes a constant. Before, reading a character flattens the rope in place.
 * (HTTP/2 keeps no such string.)
 */
function shrinkHead(outgoing: NodeResponse): void {
  const response = outgoing as { _header?: unknown; _headerSent?: unknown }
  const head = response._header
  if (typeof head !== 'string') return
  if (response._headerSent === true) response._header = HEAD_SENT
  else head.charCodeAt(0)
}

function nodeHeaders(headers: Headers): OutgoingHttpHeaders {
  const result: OutgoingHttpHeaders = {}
  for (const [name, value] of headers) if (name !== 'set-cookie') result[name] = value
  const cookies = headers.getSetCookie()
  if (cookies.length > 0) result['set-cookie'] = cookies
  return result
}

/**
 * Drives `source` into `outgoing`, and is the sink it writes to. A class rather than closures
 * over one scope: every open stream holds one while it waits.
 */
class NodePump implements ChunkSink {
  #ended = false
  #moved = false
  #full = false
  readonly #stop = () => {
    if (this.#ended) return
    this.#ended = true
    this.source.cancel()
  }

  constructor(
    private readonly source: PullSource,
    private readonly outgoing: NodeResponse,
  ) {}

  enqueue(chunk: string): void {
    this.#moved = true
    if (chunk !== '' && !this.outgoing.write(chunk)) this.#full = true
  }

  close(): void {
    this.#ended = true
    this.outgoing.end()
  }

  error(error?: unknown): void {
    this.#ended = true
    this.outgoing.destroy(error instanceof Error ? error : new Error(String(error)))
  }

  /**
   * Pulls chunk after chunk until the source ends or the client leaves. Driven by callbacks,
   * not an async loop: a stream waiting for its next event holds no suspended function.
   */
  run(): void {
    // The client may have left while the response was being made: its 'close' has fired.
    if (this.outgoing.destroyed) {
      this.#stop()
      return
    }
    // `on`, not `once`: `once` wraps the listener in a bound function and a state object per
    // stream; `#stop` runs once anyway, and the listener is removed at the end.
    this.outgoing.on('close', this.#stop)
    this.#next()
  }

  /** Pulls until a pull is not done at once, the buffer is full, or the stream ends. */
  #next(): void {
    for (;;) {
      if (this.#ended) {
        this.#stopListening()
        return
      }
      this.#moved = false
      let done: boolean
      try {
        done = this.source.pull(this)
      } catch (error) {
        this.#failed(error)
        return
      }
      if (!done || !this.#afterPull()) return
    }
  }

  pulled(): void {
    if (this.#afterPull()) this.#next()
  }

  /** False when the next pull waits for Node's buffer to drain. */
  #afterPull(): boolean {
    // A pull that sends nothing and ends nothing means the reader stopped (its client left).
    if (!this.#moved) this.#stop()
    const full = this.#full && !this.#ended
    this.#full = false
    if (!full) return true
    // A closure per drain, not one kept per stream: only a full buffer waits for one.
    drainedOrClosed(this.outgoing).then(() => this.#next())
    return false
  }

  #failed(error: unknown): void {
    this.#stop()
    this.error(error)
    this.#stopListening()
  }

  #stopListening(): void {
    this.outgoing.off('close', this.#stop)
  }
}

function drainedOrClosed(outgoing: NodeResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done)
      outgoing.off('close', done)
      resolve()
    }
    outgoing.on('drain', done)
    outgoing.on('close', done)
  })
}
