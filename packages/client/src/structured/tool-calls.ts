import type { JsonValue } from '../json/index.js'
import type { ToolCall } from '../result.js'
import { type JsonView, StreamedJson } from './json-view.js'
import { LatestValue } from './latest-value.js'

/** A tool call as it arrives: its arguments parsed so far. */
export interface PartialToolCall {
  toolCallId: string
  name: string | undefined
  args: JsonValue | undefined
}

/** A tool call of a finished stream: its arguments fully parsed (`null` if none were sent). */
export interface FinishedToolCall extends ToolCall {
  args: JsonValue
}

interface Entry {
  call: ToolCall
  args: StreamedJson
}

/** The stream's tool calls: raw argument text, parsed as it grows, in arrival order. */
export class ToolCalls {
  readonly #entries = new Map<string, Entry>()
  readonly #channel = new LatestValue(() => this.partial())

  constructor(initial: readonly ToolCall[] = []) {
    for (const call of initial) {
      this.add({ toolCallId: call.toolCallId, name: call.name, argsDelta: call.argsText })
    }
  }

  /** Adds an argument delta. */
  add(delta: { toolCallId: string; name?: string | undefined; argsDelta: string }): void {
    let entry = this.#entries.get(delta.toolCallId)
    if (!entry) {
      entry = {
        call: { toolCallId: delta.toolCallId, name: delta.name, argsText: '' },
        args: new StreamedJson(),
      }
      this.#entries.set(delta.toolCallId, entry)
    }
    entry.call.name ??= delta.name
    entry.call.argsText += delta.argsDelta
    entry.args.push(delta.argsDelta)
    this.#channel.changed()
  }

  /** Copies of the raw calls (what a reload persists). */
  raw(): ToolCall[] {
    return [...this.#entries.values()].map(({ call }) => ({ ...call }))
  }

  partial(): PartialToolCall[] {
    return [...this.#entries.values()].map(toPartial)
  }

  partialOf(toolCallId: string): PartialToolCall | undefined {
    const entry = this.#entries.get(toolCallId)
    return entry && toPartial(entry)
  }

  args(toolCallId: string): JsonView | undefined {
    return this.#entries.get(toolCallId)?.args
  }

  /** Every call with its final arguments; throws `JsonParseError` for arguments that are not JSON. */
  finish(): FinishedToolCall[] {
    try {
      const finished = [...this.#entries.values()].map(({ call, args }) => ({
        ...call,
        args: args.finish() ?? null,
      }))
      this.#channel.end()
      return finished
    } catch (error) {
      this.#channel.fail(error)
      throw error
    }
  }

  fail(error: unknown): void {
    this.#channel.fail(error)
    for (const { args } of this.#entries.values()) args.fail(error)
  }

  values(): AsyncIterable<PartialToolCall[]> {
    return { [Symbol.asyncIterator]: () => this.#channel.values() }
  }
}

function toPartial({ call, args }: Entry): PartialToolCall {
  return { toolCallId: call.toolCallId, name: call.name, args: args.value }
}
