import type { ProvidersResponse } from '@sluice/protocol'

/** The body of `GET /v1/providers`: what a client may pick, and why the rest is unavailable. */
export function providerListing(
  available: readonly string[],
  defaultProvider: string,
  unavailable: Readonly<Record<string, string>>,
): ProvidersResponse {
  return {
    defaultProvider,
    available: available.map((id) => ({ id })),
    unavailable: Object.entries(unavailable).map(([id, reason]) => ({ id, reason })),
  }
}
