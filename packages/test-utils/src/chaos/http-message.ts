import type { BodyFraming } from './body-decoder.js'

/** What the proxy's plan sees of a request. */
export interface ProxyRequestHead {
  method: string
  /** The request target, e.g. `/v1/streams/abc`. */
  target: string
  /** e.g. `GET /v1/streams/abc HTTP/1.1` */
  requestLine: string
  /** Field names in lower case; repeated fields joined with `, `. */
  headers: Record<string, string>
}

export interface ResponseHead {
  statusLine: string
  status: number
  /** In order, as received. */
  fields: [name: string, value: string][]
}

export const HEAD_END = '\r\n\r\n'
/** Largest message head the proxy accepts, as Node's own HTTP parser does. */
export const MAX_HEAD_BYTES = 16 * 1024

function splitHead(raw: Buffer): [startLine: string, fields: [string, string][]] {
  const [startLine = '', ...lines] = raw.toString('latin1').split('\r\n')
  const fields: [string, string][] = []
  for (const line of lines) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon <= 0) throw new Error(`Malformed header line ${JSON.stringify(line)}`)
    fields.push([line.slice(0, colon), line.slice(colon + 1).trim()])
  }
  return [startLine, fields]
}

function fieldRecord(fields: [string, string][]): Record<string, string> {
  const record: Record<string, string> = {}
  for (const [name, value] of fields) {
    const key = name.toLowerCase()
    record[key] = record[key] === undefined ? value : `${record[key]}, ${value}`
  }
  return record
}

export function parseRequestHead(raw: Buffer): ProxyRequestHead {
  const [requestLine, fields] = splitHead(raw)
  const [method = '', target = ''] = requestLine.split(' ')
  return { method, target, requestLine, headers: fieldRecord(fields) }
}

export function parseResponseHead(raw: Buffer): ResponseHead {
  const [statusLine, fields] = splitHead(raw)
  const status = Number(statusLine.split(' ')[1])
  if (!Number.isInteger(status))
    throw new Error(`Malformed status line ${JSON.stringify(statusLine)}`)
  return { statusLine, status, fields }
}

function isChunked(headers: Record<string, string>): boolean {
  return /(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '')
}

function lengthFraming(headers: Record<string, string>): BodyFraming | undefined {
  const length = headers['content-length']
  if (length === undefined) return undefined
  return { kind: 'length', length: Number(length) }
}

/** [RFC 9112 §6.3] a request without length or chunking has no body. */
export function requestFraming(head: ProxyRequestHead): BodyFraming {
  if (isChunked(head.headers)) return { kind: 'chunked' }
  return lengthFraming(head.headers) ?? { kind: 'none' }
}

/** [RFC 9112 §6.3] a response without length or chunking runs until the connection closes. */
export function responseFraming(head: ResponseHead, requestMethod: string): BodyFraming {
  if (requestMethod === 'HEAD' || head.status === 204 || head.status === 304)
    return { kind: 'none' }
  const headers = fieldRecord(head.fields)
  if (isChunked(headers)) return { kind: 'chunked' }
  return lengthFraming(headers) ?? { kind: 'close' }
}

/** Fields that describe one hop's connection and framing, which the proxy sets itself. */
const HOP_FIELDS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length'])

/** The head to send on: the proxy's own framing (chunked) and connection handling. */
export function rewriteResponseHead(
  head: ResponseHead,
  framing: BodyFraming,
  connectionClose: boolean,
): Buffer {
  const keep =
    framing.kind === 'none'
      ? head.fields.filter(([name]) => !['connection', 'keep-alive'].includes(name.toLowerCase()))
      : head.fields.filter(([name]) => !HOP_FIELDS.has(name.toLowerCase()))
  const fields = [...keep]
  if (framing.kind !== 'none') fields.push(['Transfer-Encoding', 'chunked'])
  if (connectionClose) fields.push(['Connection', 'close'])
  return serializeHead(head.statusLine, fields)
}

export function serializeHead(startLine: string, fields: [string, string][]): Buffer {
  const lines = [startLine, ...fields.map(([name, value]) => `${name}: ${value}`)]
  return Buffer.from(`${lines.join('\r\n')}${HEAD_END}`, 'latin1')
}
