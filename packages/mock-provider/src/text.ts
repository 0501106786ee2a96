import { jsonDocumentText, splitText } from './json-document.js'
import { proseTokens } from './prose.js'
import { createRandom } from './random.js'
import type { MockScenario } from './scenario.js'

/** The part of a scenario that decides the text. */
export type MockTextOptions = Pick<MockScenario, 'seed' | 'tokens' | 'json'>

/** Average piece length in JSON mode, close to a real tokenizer's four characters a token. */
const JSON_CHARS_PER_TOKEN = 4

/**
 * The tokens a scenario streams, byte-identical for the same options. Prose by default; with
 * `json`, a seeded JSON document cut into exactly `tokens` non-empty pieces.
 */
export function mockTokens({ seed, tokens, json }: MockTextOptions): string[] {
  const random = createRandom(seed, 'text')
  if (!json) return proseTokens(tokens, random)
  const text = jsonDocumentText(seed, JSON_CHARS_PER_TOKEN * tokens, random)
  return splitText(text, tokens, random)
}

/** The whole text an uninterrupted stream of the scenario produces. */
export function mockText(options: MockTextOptions): string {
  return mockTokens(options).join('')
}
