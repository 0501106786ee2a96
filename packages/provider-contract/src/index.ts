import type { LanguageModelProvider, ProviderPart, ProviderRequest } from '@sluice/provider'
import { ProviderError } from '@sluice/provider'
import { describe, expect, it } from 'vitest'

/** The situations every provider must handle the same way. */
export type ProviderCase = 'text' | 'tool-calls' | 'fails-mid-stream' | 'long'

export interface ProviderUnderTest {
  provider: LanguageModelProvider
  request: ProviderRequest
  /** Whether this upstream reports token usage with its finish. */
  reportsUsage: boolean
  close?: () => Promise<void>
}

async function collect(provider: LanguageModelProvider, request: ProviderRequest) {
  const parts: ProviderPart[] = []
  let error: unknown
  try {
    for await (const part of provider.stream(request, { signal: new AbortController().signal })) {
      parts.push(part)
    }
  } catch (caught) {
    error = caught
  }
  return { parts, error }
}

/**
 * One contract for every provider adapter, the mock included: `setup(kind)` returns a provider
 * and a request that makes its upstream produce that kind of stream.
 */
export function describeProviderContract(
  name: string,
  setup: (kind: ProviderCase) => Promise<ProviderUnderTest>,
) {
  describe(`${name} (provider contract)`, () => {
    it('streams text deltas, then exactly one finish, with usage when the upstream gives it', async () => {
      const subject = await setup('text')
      const { parts, error } = await collect(subject.provider, subject.request)
      await subject.close?.()
      expect(error).toBeUndefined()
      expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(0)
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1)
      const finish = parts.at(-1)
      expect(finish?.type).toBe('finish')
      if (subject.reportsUsage && finish?.type === 'finish') {
        expect(finish.usage?.outputTokens).toBeGreaterThan(0)
      }
    })

    it('streams tool-call argument deltas with an id, a name first, and finishes tool-calls', async () => {
      const subject = await setup('tool-calls')
      const { parts, error } = await collect(subject.provider, subject.request)
      await subject.close?.()
      expect(error).toBeUndefined()
      const deltas = parts.filter((part) => part.type === 'tool-call-delta')
      expect(deltas.length).toBeGreaterThan(0)
      const seen = new Set<string>()
      for (const delta of deltas) {
        if (!seen.has(delta.toolCallId)) expect(delta.name).toBeTruthy()
        seen.add(delta.toolCallId)
      }
      for (const id of seen) {
        const args = deltas
          .filter((d) => d.toolCallId === id)
          .map((d) => d.argsDelta)
          .join('')
        expect(() => JSON.parse(args)).not.toThrow()
      }
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' })
    })

    it('turns a failure after some output into a ProviderError, with no finish', async () => {
      const subject = await setup('fails-mid-stream')
      const { parts, error } = await collect(subject.provider, subject.request)
      await subject.close?.()
      expect(ProviderError.is(error)).toBe(true)
      expect(parts.some((part) => part.type === 'finish')).toBe(false)
    })

    it('honours abort: the stream rejects with the signal’s reason', async () => {
      const subject = await setup('long')
      const aborter = new AbortController()
      const reason = new Error('stop now')
      const parts: ProviderPart[] = []
      const reading = (async () => {
        for await (const part of subject.provider.stream(subject.request, {
          signal: aborter.signal,
        })) {
          parts.push(part)
          if (parts.length === 2) aborter.abort(reason)
        }
      })()
      await expect(reading).rejects.toBe(reason)
      await subject.close?.()
      expect(parts.some((part) => part.type === 'finish')).toBe(false)
    })
  })
}
