import { fetchEventSource } from '@microsoft/fetch-event-source'
import { createSluiceClient } from '@sluice/client'
import { EventSource } from 'eventsource'
import { createParser } from 'eventsource-parser'
import { EventSourceParserStream } from 'eventsource-parser/stream'
import { sink } from '../stats.js'

type Fetch = typeof fetch

// fetch-event-source is browser-only: it clears its retry timer through `window` and always
// unsubscribes from `document`'s visibility changes (a no-op here: the page never hides).
const browser = globalThis as { window?: unknown; document?: unknown }
browser.window ??= globalThis
browser.document ??= { hidden: false, addEventListener() {}, removeEventListener() {} }

/** Reads one token stream from `url` through `fetch`; resolves with the events it parsed. */
export type Contender = (fetch: Fetch, url: string) => Promise<number>

const SLUICE_EVENTS = ['stream-start', 'text-delta', 'stream-end'] as const

/** The floor of the floors: the bytes drained, nothing parsed. */
const fetchDrain: Contender = async (fetch, url) => {
  const reader = ((await fetch(url)).body as ReadableStream<Uint8Array>).getReader()
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
  }
  sink.value = bytes
  return 0
}

/** The goal's floor: `createParser` and one `JSON.parse` per event. */
const parserFloor: Contender = async (fetch, url) => {
  let events = 0
  const parser = createParser({
    onEvent: (message) => {
      sink.value = JSON.parse(message.data)
      events++
    },
  })
  const decoder = new TextDecoder()
  const reader = ((await fetch(url)).body as ReadableStream<Uint8Array>).getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  return events
}

const parserStream: Contender = async (fetch, url) => {
  const body = (await fetch(url)).body as ReadableStream<Uint8Array>
  let events = 0
  const messages = body
    .pipeThrough(new TextDecoderStream() as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream())
  for await (const message of messages) {
    sink.value = JSON.parse(message.data)
    events++
  }
  return events
}

/** The Sluice client, whole: typed, validated, sequenced events and the text so far. */
const sluice: Contender = async (fetch, url) => {
  let events = 0
  const client = createSluiceClient({ baseUrl: url, fetch })
  const stream = client.start(
    { messages: [{ role: 'user', content: 'bench' }] },
    {
      onEvent: (event) => {
        sink.value = event
        events++
      },
    },
  )
  sink.value = (await stream.result).text.length
  return events
}

const microsoftFetchEventSource: Contender = async (fetch, url) => {
  let events = 0
  await fetchEventSource(url, {
    fetch,
    openWhenHidden: true,
    onmessage: (message) => {
      // It dispatches on every blank line, so also after the `retry:` block, with no data.
      if (message.data === '') return
      sink.value = JSON.parse(message.data)
      events++
    },
    onerror: (error) => {
      throw error
    },
  })
  return events
}

const eventsourcePackage: Contender = (fetch, url) =>
  new Promise((resolve, reject) => {
    let events = 0
    const source = new EventSource(url, { fetch })
    const onEvent = (message: MessageEvent<string>) => {
      sink.value = JSON.parse(message.data)
      events++
      if (message.type === 'stream-end') {
        source.close()
        resolve(events)
      }
    }
    for (const type of SLUICE_EVENTS) source.addEventListener(type, onEvent)
    source.onerror = (error) => {
      source.close()
      reject(new Error(`eventsource failed: ${error.message}`))
    }
  })

/** In the order they are run and printed; the first two are the floors. */
export const contenders: Record<string, Contender> = {
  'fetch drain (floor)': fetchDrain,
  'createParser + JSON.parse (floor)': parserFloor,
  'EventSourceParserStream + JSON.parse': parserStream,
  'Sluice client': sluice,
  '@microsoft/fetch-event-source': microsoftFetchEventSource,
  'eventsource package': eventsourcePackage,
}

export const PARSER_FLOOR = 'createParser + JSON.parse (floor)'
