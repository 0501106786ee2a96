import type { SluiceClient } from '@sluice/client'
import type { StreamControllerOptions } from './stream-controller.js'
import { type SluiceStreamHandle, useStreamController } from './use-stream-controller.js'

/**
 * After a reload: continues the stream persisted under `persistKey` (by `useSluiceStream` with
 * the same `persistKey`, or `client.start(…, { persistKey })`) when the component mounts, its
 * text starting where the saved state ended. Idle when nothing is persisted; `start()` then
 * begins a new stream, persisted under the same key.
 */
export function useResumedStream(
  client: SluiceClient,
  persistKey: string,
  options: Omit<StreamControllerOptions, 'persistKey'> = {},
): SluiceStreamHandle {
  return useStreamController(client, { ...options, persistKey }, (controller) => {
    controller.resumePersisted()
  })
}
