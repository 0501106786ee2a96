import type { StreamOrigin } from './requests.js'
import type { JsonSnapshot } from './stream-snapshot.js'
import { StreamedJson } from './structured/json-view.js'
import { validateWith } from './structured/standard-schema.js'
import { type FinishedToolCall, type PartialToolCall, ToolCalls } from './structured/tool-calls.js'

/**
 * What a stream has received so far: its text, its JSON response (when the request asked for
 * one) and its tool calls, with their snapshots for renderers.
 */
export class StreamContent {
  /** The text so far (including text given to `resume()`, or persisted before a reload). */
  text: string
  readonly toolCalls: ToolCalls
  /** The response as JSON, when the request asked for it (`responseFormat: {type: 'json'}`). */
  readonly json: StreamedJson | undefined
  readonly #origin: StreamOrigin
  /** Rebuilt only after they change, so that they keep their identity in the next snapshot. */
  #toolCallsSnapshot: readonly PartialToolCall[] | undefined
  #jsonSnapshot: JsonSnapshot | undefined

  constructor(origin: StreamOrigin) {
    this.#origin = origin
    const resumed = origin.kind === 'resume' ? origin : undefined
    this.text = resumed?.text ?? ''
    this.toolCalls = new ToolCalls(resumed?.toolCalls)
    this.json = origin.json ? new StreamedJson(origin.json.options) : undefined
    this.json?.push(this.text)
  }

  /** Appends a text delta; returns whether the JSON value changed. */
  addText(text: string): boolean {
    this.text += text
    const jsonChanged = this.json?.push(text) ?? false
    if (jsonChanged) this.#jsonSnapshot = undefined
    return jsonChanged
  }

  addToolCallDelta(delta: { toolCallId: string; name?: string | undefined; argsDelta: string }) {
    this.toolCalls.add(delta)
    this.#toolCallsSnapshot = undefined
  }

  /** The finished tool calls and the JSON value, validated by the request's schema if any. */
  async finish(): Promise<{ toolCalls: FinishedToolCall[]; json: unknown }> {
    const parsed = this.json?.finish()
    const json =
      parsed === undefined ? undefined : await validateWith(this.#origin.json?.schema, parsed)
    const toolCalls = this.toolCalls.finish()
    this.#settled()
    return { toolCalls, json }
  }

  fail(error: unknown): void {
    this.#settled()
    this.json?.fail(error)
    this.toolCalls.fail(error)
  }

  jsonSnapshot(): JsonSnapshot | undefined {
    const json = this.json
    if (!json) return undefined
    if (this.#jsonSnapshot) return this.#jsonSnapshot
    const { value, done, error } = json
    this.#jsonSnapshot = { value, done, error, isComplete: (path) => json.isComplete(path) }
    return this.#jsonSnapshot
  }

  toolCallsSnapshot(): readonly PartialToolCall[] {
    this.#toolCallsSnapshot ??= this.toolCalls.partial()
    return this.#toolCallsSnapshot
  }

  /** The parsers' final step can still complete a value (a number at the very end). */
  #settled(): void {
    this.#toolCallsSnapshot = undefined
    this.#jsonSnapshot = undefined
  }
}
