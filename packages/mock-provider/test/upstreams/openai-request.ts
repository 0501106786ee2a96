/** A streaming Chat Completions request to a mock OpenAI upstream whose scenario is `mock`. */
export function postOpenAIChat(
  baseUrl: string,
  mock: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: JSON.stringify({ mock }) }],
      ...extra,
    }),
  })
}
