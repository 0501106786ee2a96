import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LanguageModelProvider, ProviderPart, ProviderRequest } from '@sluice/provider'

/** Secret-shaped, so that both the exact match and the pattern in `redact` are exercised. */
export const TEST_API_KEY = 'sk-test-SLUICE0123456789abcdefSECRET'

/** A fixture's SSE body: each line is one `data:` line and becomes one event. */
export function fixtureBody(name: string): string {
  const lines = readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
  return lines
    .map((line) => {
      // [OpenAI] the Responses API names each event in an `event:` line; Chat Completions does not.
      const data = line.slice('data: '.length)
      const type = data.startsWith('{') ? (JSON.parse(data) as { type?: unknown }).type : undefined
      return typeof type === 'string' ? `event: ${type}\n${line}\n\n` : `${line}\n\n`
    })
    .join('')
}

/** A request whose last user message carries a mock scenario, as the mock upstream reads it. */
export function scenarioRequest(
  mock: Record<string, unknown>,
  model = 'gpt-4o-mini',
): ProviderRequest {
  return { model, messages: [{ role: 'user', content: JSON.stringify({ mock }) }] }
}

/** Every part, and the error the stream ended with, if any. */
export async function collect(
  provider: LanguageModelProvider,
  request: ProviderRequest,
  signal: AbortSignal = new AbortController().signal,
): Promise<{ parts: ProviderPart[]; error: unknown }> {
  const parts: ProviderPart[] = []
  try {
    for await (const part of provider.stream(request, { signal })) parts.push(part)
    return { parts, error: undefined }
  } catch (error) {
    return { parts, error }
  }
}

/**
 * Serves fixtures on 127.0.0.1 at `/v1/<path>`, as OpenAI would. A real socket rather than msw:
 * under msw, the SDK's abort of a body it stops reading (after an error event, or after
 * `response.completed`) never settles.
 */
export async function startFixtureServer(): Promise<{
  url: string
  serve: (path: string, fixture: string) => void
  close: () => Promise<void>
}> {
  const routes = new Map<string, string>()
  const server = createServer((req, res) => {
    const fixture = routes.get(req.url ?? '')
    if (fixture === undefined) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(fixtureBody(fixture))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    serve: (path, fixture) => routes.set(`/v1${path}`, fixture),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
