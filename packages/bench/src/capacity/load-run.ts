import { type ClientRequest, request } from 'node:http'
import { Path } from '@sluice/protocol'
import { epochMs } from './paced-provider.js'

export interface LoadOptions {
  url: string
  streams: number
  /** The streams are opened evenly over this time. */
  rampMs: number
  tokens: number
  ttftMs: number
  tokenDelayMs: number
  /** The server's wall clock minus this process's (`ServerHandle.clockOffsetMs`). @defaultValue 0 */
  clockOffsetMs?: number
  /**
   * Only tokens due this long after the first request count in `lateness`: the ramp's requests
   * compete with the streams for the server, and steady state is what a deployment lives in.
   * @defaultValue 0
   */
  steadyAfterMs?: number
}

const TOKEN_EVENT = '\nevent: text-delta\n'
/** Where a token's text (the time it was due) starts, in either server's data line. */
const TEXT_FIELD = '"text":"'
const END_EVENT = '\nevent: stream-end\n'
const ERROR_EVENT = '\nevent: error\n'
/** Arrivals are counted in buckets of this many ms, to find the rate at full concurrency. */
export const BUCKET_MS = 100

/**
 * Streams opened against a server, each its own HTTP connection, recording how late every token
 * arrives: arrival minus when the paced provider was due to produce it (the token's text). The
 * parsing is a scan for event names, to keep this process light.
 */
export class LoadRun {
  readonly startedAt = epochMs()
  /** Lateness of every token that arrived in steady state, in ms. */
  readonly lateness: Float64Array
  latenessCount = 0
  /** Over every token, the ramp's too. */
  maxLatenessMs = 0
  tokensArrived = 0
  readonly arrivalsPerBucket: Uint32Array
  connected = 0
  completed = 0
  readonly errors = new Map<string, number>()
  readonly #requests = new Set<ClientRequest>()
  readonly #settled: Promise<void>
  #settle = () => {}
  #openTimer: NodeJS.Timeout | undefined

  constructor(private readonly options: LoadOptions) {
    this.lateness = new Float64Array(options.streams * options.tokens)
    const horizonMs =
      options.rampMs + options.ttftMs * 1.5 + options.tokens * options.tokenDelayMs * 3
    this.arrivalsPerBucket = new Uint32Array(Math.ceil(horizonMs / BUCKET_MS) + 1)
    this.#settled = new Promise((resolve) => {
      this.#settle = resolve
    })
    this.#openOverRamp()
  }

  get settled(): number {
    return this.completed + [...this.errors.values()].reduce((sum, n) => sum + n, 0)
  }

  /** Resolves when every stream has ended or failed, or after `timeoutMs`. */
  async finished(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      this.#settled,
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs)
      }),
    ])
    clearTimeout(timer)
  }

  /** Drops every connection still open. */
  close(): void {
    clearInterval(this.#openTimer)
    for (const open of this.#requests) open.destroy()
    this.#requests.clear()
  }

  #openOverRamp(): void {
    const { streams, rampMs } = this.options
    const tickMs = 10
    const perTick = Math.max(1, Math.ceil((streams * tickMs) / Math.max(rampMs, tickMs)))
    let opened = 0
    const openSome = () => {
      for (let i = 0; i < perTick && opened < streams; i++) this.#open(opened++)
      if (opened >= streams) clearInterval(this.#openTimer)
    }
    this.#openTimer = setInterval(openSome, tickMs)
    openSome()
  }

  #fail(reason: string): void {
    this.errors.set(reason, (this.errors.get(reason) ?? 0) + 1)
    this.#checkSettled()
  }

  #checkSettled(): void {
    if (this.settled >= this.options.streams) this.#settle()
  }

  #open(index: number): void {
    const { tokens, ttftMs, tokenDelayMs } = this.options
    const scenario = { seed: index + 1, tokens, ttftMs, tokenDelayMs }
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'bench' }], mock: scenario })
    const clockOffsetMs = this.options.clockOffsetMs ?? 0
    const steadyFrom = this.startedAt + clockOffsetMs + (this.options.steadyAfterMs ?? 0)
    let seen = 0
    // Every event name follows a line break; the body's first one follows this one.
    let carry = '\n'
    let done = false
    const settle = (error?: string) => {
      if (done) return
      done = true
      this.#requests.delete(outgoing)
      if (error) this.#fail(error)
      else {
        this.completed++
        this.#checkSettled()
      }
    }
    const outgoing = request(`${this.options.url}${Path.streams}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    })
    this.#requests.add(outgoing)
    outgoing.on('error', (error) => settle((error as NodeJS.ErrnoException).code ?? 'socket'))
    outgoing.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume()
        settle(`http ${response.statusCode}`)
        return
      }
      this.connected++
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => {
        // On the server's clock, like the due times in the tokens.
        const now = epochMs() + clockOffsetMs
        const text = carry + chunk
        const cut = text.lastIndexOf('\n')
        // Kept from the line break on: the next event's name must follow one.
        carry = text.slice(cut)
        let from = 0
        for (;;) {
          const at = text.indexOf(TOKEN_EVENT, from)
          if (at < 0 || at > cut) break
          from = text.indexOf(TEXT_FIELD, at) + TEXT_FIELD.length
          const due = Number.parseFloat(text.slice(from, from + 20))
          seen++
          if (due >= steadyFrom && this.latenessCount < this.lateness.length) {
            this.lateness[this.latenessCount++] = now - due
          }
          this.maxLatenessMs = Math.max(this.maxLatenessMs, now - due)
          this.tokensArrived++
          const bucket = Math.floor((now - clockOffsetMs - this.startedAt) / BUCKET_MS)
          if (bucket < this.arrivalsPerBucket.length) {
            this.arrivalsPerBucket[bucket] = (this.arrivalsPerBucket[bucket] ?? 0) + 1
          }
        }
        if (text.includes(ERROR_EVENT)) settle('error event')
        else if (text.includes(END_EVENT)) settle(seen === tokens ? undefined : 'missing tokens')
      })
      response.on('end', () => settle('ended without stream-end'))
      response.on('error', () => settle('response error'))
    })
    outgoing.end(body)
  }
}

/** A fresh server compiles its hot paths under the first load: that load is not measured. */
export async function warmUp(url: string): Promise<void> {
  const run = new LoadRun({
    url,
    streams: 100,
    rampMs: 100,
    tokens: 100,
    ttftMs: 10,
    tokenDelayMs: 5,
  })
  await run.finished(30_000)
  run.close()
}
