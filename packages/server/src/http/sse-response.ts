import { Header } from '@sluice/protocol'

/**
 * Headers of every event-stream response. Nothing HTTP/1-only (`Connection`,
 * `Transfer-Encoding`): those break HTTP/2 proxies. `no-transform` and `X-Accel-Buffering`
 * keep proxies and compressors from buffering the stream.
 */
export function sseHeaders(
  streamId: string,
  heartbeatMs: number,
  resumeToken?: string,
): Record<string, string> {
  return {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
    [Header.heartbeatInterval]: String(heartbeatMs),
    [Header.streamId]: streamId,
    ...(resumeToken === undefined ? {} : { [Header.resumeToken]: resumeToken }),
  }
}
