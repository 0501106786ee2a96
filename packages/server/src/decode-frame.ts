import { decodeEvent, type SluiceEvent } from '@sluice/protocol'

/** The event in one of the log's own frames (`id: …\nevent: …\ndata: …\n\n`, see encodeEvent). */
export function decodeFrame(frame: string): SluiceEvent | undefined {
  const fields = new Map(
    frame
      .trim()
      .split('\n')
      .map((line) => {
        const colon = line.indexOf(': ')
        return [line.slice(0, colon), line.slice(colon + 2)] as const
      }),
  )
  return decodeEvent({
    id: fields.get('id'),
    event: fields.get('event'),
    data: fields.get('data') ?? '',
  })
}
