/** Why the model stopped, in the vocabulary every adapter maps its vendor's reasons to. */
export type ProviderFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter'

export interface ProviderUsage {
  inputTokens: number
  outputTokens: number
}

export interface TextDeltaPart {
  type: 'text-delta'
  text: string
}

export interface ToolCallDeltaPart {
  type: 'tool-call-delta'
  toolCallId: string
  /** Present on the first delta of each tool call. */
  name?: string
  argsDelta: string
}

/** The last part of a successful stream. */
export interface FinishPart {
  type: 'finish'
  finishReason: ProviderFinishReason
  usage?: ProviderUsage
}

/** What a provider's stream yields, whatever the vendor. */
export type ProviderPart = TextDeltaPart | ToolCallDeltaPart | FinishPart
