import { fileURLToPath } from 'node:url'

/** Where the entries' imports resolve from: this package, which depends on all of them. */
export const benchPackageDir = fileURLToPath(new URL('../..', import.meta.url))

/** The client's budget (issue 10): its whole entry, minified and gzipped. */
export const CLIENT_BUDGET_BYTES = 8192

/**
 * What CI enforces until the entry fits the budget, so that it cannot grow unnoticed: 13,255 B
 * when the check was added, 14,161 B after the live JSON value (issue 4) and the renderer seam
 * with its metrics (issue 8), 14,509 B once the client was split into small modules, 14,592 B
 * after the throughput work, 14,486 B after the size cuts of branch `bundle`, 14,538 B on main
 * before branch `json-trees` wrote the partial JSON trees once and it came to 14,429 B, plus
 * about 50 B of room; 14,478 B on main after `client-throughput3`, 14,476 B after branch
 * `tiny-chunks`, 14,490 B once a review's fixes to the decoder cost 14 B (the type lookup over
 * own keys only, the text-delta shortcut bounded to texts that V8 copies). (An event-stream parser of the client's own saved 1.2 KB, but the product
 * is specified on `eventsource-parser`, so it was not taken.) Lower it as the entry shrinks, down
 * to `CLIENT_BUDGET_BYTES`; BENCHMARKS.md says what the entry is made of.
 */
export const CLIENT_CEILING_BYTES = 14_490

/**
 * What a page imports to use each library: Sluice's whole entry, the others' stream clients. The
 * partial JSON parser alone is there to show what part of Sluice's entry it is.
 */
export const entries = {
  sluice: "export * from '@sluice/client'",
  'sluice: partial JSON alone':
    "export { parsePartialJson, PartialJsonParser } from '@sluice/client'",
  eventsource: "export { EventSource } from 'eventsource'",
  'fetch-event-source': "export { fetchEventSource } from '@microsoft/fetch-event-source'",
  'eventsource-parser': "export { createParser } from 'eventsource-parser'",
  'ai (Chat client)': "export { AbstractChat, DefaultChatTransport } from 'ai'",
} as const
