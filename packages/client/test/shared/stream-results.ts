import type { SluiceEvent } from '@sluice/protocol'
import type { SluiceStream } from '../../src/index.js'

/** Reads every event through the async iterator. */
export async function collect(stream: AsyncIterable<SluiceEvent>): Promise<SluiceEvent[]> {
  const events: SluiceEvent[] = []
  for await (const event of stream) events.push(event)
  return events
}

/** The settled error of a stream's result (fails the test if it resolved). */
export async function failureOf(stream: SluiceStream): Promise<unknown> {
  return stream.result.then(
    (result) => {
      throw new Error(`Expected the stream to fail, it finished: ${JSON.stringify(result)}`)
    },
    (error: unknown) => error,
  )
}
