import { mockScenarioSchema } from '@sluice/mock-provider'
import { z } from 'zod'

export interface RequestLimits {
  /** @defaultValue 256 */
  maxMessages: number
  /** Longest message content, in UTF-16 code units. @defaultValue 100_000 */
  maxMessageChars: number
}

export const defaultRequestLimits: RequestLimits = { maxMessages: 256, maxMessageChars: 100_000 }

/** The body of `POST /v1/streams` (protocol `CreateStreamRequest`). Unknown fields are errors. */
export function createStreamRequestSchema(limits: RequestLimits) {
  const message = z.strictObject({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().max(limits.maxMessageChars),
  })
  return z.strictObject({
    messages: z.array(message).min(1).max(limits.maxMessages),
    provider: z.string().min(1).max(64).optional(),
    model: z.string().min(1).max(200).optional(),
    maxTokens: z.int().min(1).max(1_000_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    responseFormat: z.strictObject({ type: z.enum(['text', 'json']) }).optional(),
    mock: mockScenarioSchema.optional(),
  })
}

export type CreateStreamBody = z.infer<ReturnType<typeof createStreamRequestSchema>>
