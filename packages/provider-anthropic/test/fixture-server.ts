import { readFileSync } from 'node:fs'
import { HttpResponse, http } from 'msw'

/** Where the fixtures' fake Anthropic lives; msw answers it, nothing leaves the process. */
export const FIXTURE_BASE_URL = 'https://api.anthropic.test'

/** A recorded stream's lines, one SSE line per line of the file. */
export function readFixture(name: string): string[] {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
  // The file's last newline ends the last line; it is not one more empty line.
  return text.replace(/\n$/, '').split('\n')
}

/** Serves each line as its own chunk, as a recorded stream arrived. */
export function replay(lines: readonly string[]): HttpResponse<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(encoder.encode(`${line}\n`))
      controller.close()
    },
  })
  return new HttpResponse(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
  })
}

/** An msw handler for `POST /v1/messages` that replays `fixture`. */
export const messagesFixture = (fixture: string) =>
  http.post(`${FIXTURE_BASE_URL}/v1/messages`, () => replay(readFixture(fixture)))
