export type MessageRole = 'system' | 'user' | 'assistant'

export interface ChatMessage {
  role: MessageRole
  content: string
}

export interface ResponseFormat {
  type: 'text' | 'json'
}

/**
 * Fault and pacing scenario for the mock provider. Every field is optional; see the mock
 * provider for defaults.
 */
export interface MockScenarioInput {
  seed?: number
  tokens?: number
  ttftMs?: number
  tokenDelayMs?: number
  failAt?: number
  stallAt?: number
  stallMs?: number
  json?: boolean
  /** Tool calls after the text, each with JSON arguments in pieces. */
  toolCalls?: number
}

/** Body of `POST /v1/streams`. */
export interface CreateStreamRequest {
  messages: ChatMessage[]
  provider?: string
  model?: string
  maxTokens?: number
  temperature?: number
  responseFormat?: ResponseFormat
  mock?: MockScenarioInput
}
