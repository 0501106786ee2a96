import type { CreateStreamRequest, SluiceClient } from '@sluice/client'
import type { StreamControllerOptions } from './stream-controller.js'
import { type SluiceStreamHandle, useStreamController } from './use-stream-controller.js'

export interface UseSluiceStreamOptions extends StreamControllerOptions {
  /**
   * Start this request when the component mounts (once: strict mode's second mount does not
   * start another generation). @defaultValue none: call `start()`
   */
  request?: CreateStreamRequest | undefined
}

/**
 * A stream's text, partial JSON, tool calls, status and metrics as React state, rendered at most
 * once per animation frame; `start()` begins one, `abort()` stops reading, `cancel()` stops the
 * generation, `retry()` recovers from an error. Unmounting stops reading only (unless
 * `cancelOnUnmount`).
 */
export function useSluiceStream(
  client: SluiceClient,
  options: UseSluiceStreamOptions = {},
): SluiceStreamHandle {
  return useStreamController(client, options, (controller) => {
    if (options.request) controller.start(options.request)
  })
}
