import { describe, expect, it } from 'vitest'
import { Header, JSON_CONTENT_TYPE, Path, QueryParam, SSE_CONTENT_TYPE } from '../src/index.js'

describe('Path', () => {
  it('has the v1 routes', () => {
    expect(Path.streams).toBe('/v1/streams')
    expect(Path.stream('str_abc-123')).toBe('/v1/streams/str_abc-123')
  })

  it.for([
    ['a/b', '/v1/streams/a%2Fb'],
    ['a?b=1', '/v1/streams/a%3Fb%3D1'],
    ['a#b', '/v1/streams/a%23b'],
    ['100%', '/v1/streams/100%25'],
    ['a b', '/v1/streams/a%20b'],
    ['a+b&c', '/v1/streams/a%2Bb%26c'],
    ['é😀', '/v1/streams/%C3%A9%F0%9F%98%80'],
    ['../x', '/v1/streams/..%2Fx'],
    ['a\\b', '/v1/streams/a%5Cb'],
  ] as const)('encodes %j as one path segment', ([id, path]) => {
    expect(Path.stream(id)).toBe(path)
    const url = new URL(Path.stream(id), 'https://sluice.test')
    expect(url.pathname).toBe(path)
    expect(url.search).toBe('')
    expect(url.hash).toBe('')
    const segments = url.pathname.split('/')
    expect(segments).toHaveLength(4)
    expect(decodeURIComponent(segments[3] ?? '')).toBe(id)
  })
})

describe('header names and content types', () => {
  it('match the wire protocol', () => {
    expect(Header).toStrictEqual({
      streamId: 'X-Stream-Id',
      resumeToken: 'X-Resume-Token',
      heartbeatInterval: 'X-Heartbeat-Interval',
      lastEventId: 'Last-Event-ID',
      idempotencyKey: 'Idempotency-Key',
      authorization: 'Authorization',
      retryAfter: 'Retry-After',
      contentType: 'Content-Type',
    })
    expect(QueryParam).toStrictEqual({ lastEventId: 'lastEventId', token: 'token' })
    expect(SSE_CONTENT_TYPE).toBe('text/event-stream')
    expect(JSON_CONTENT_TYPE).toBe('application/json')
  })
})
