/** The header that carries a scenario as JSON; it wins over one in the last user message. */
export const MOCK_SCENARIO_HEADER = 'x-mock-scenario'

/** The `{"mock": {...}}` object in a message's text, if the whole text is one. */
export function scenarioInText(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && 'mock' in value ? value.mock : undefined
  } catch {
    // Ordinary prose that happens to start with a brace is not a scenario.
    return undefined
  }
}
