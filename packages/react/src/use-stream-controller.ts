import type { CreateStreamRequest, SluiceClient, SluiceStream } from '@sluice/client'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { IDLE_STATE, type SluiceStreamState } from './idle-state.js'
import { StreamController, type StreamControllerOptions } from './stream-controller.js'

/** What the hooks return: the stream's state, and what can be done with it. */
export interface SluiceStreamHandle extends SluiceStreamState {
  /** Starts a generation; a stream shown before stops being read. */
  start(request: CreateStreamRequest): void
  /** Stops reading; the generation goes on (resumable from `cursor`, or after a reload). */
  abort(): void
  /** Stops the generation; the stream ends with finish reason `cancelled`. */
  cancel(): Promise<void>
  /** After an error: resumes when the generation may still run, otherwise starts again. */
  retry(): void
  /** The stream shown, for `toolCallArgs()` and the iterators; undefined while idle. */
  stream: SluiceStream | undefined
}

const idle = () => IDLE_STATE

/** The shared wiring of the hooks: one controller per component, `init` on the first mount. */
export function useStreamController(
  client: SluiceClient,
  options: StreamControllerOptions,
  init: (controller: StreamController) => void,
): SluiceStreamHandle {
  const [controller] = useState(() => new StreamController(client, options))
  useEffect(() => controller.configure(client, options))
  // biome-ignore lint/correctness/useExhaustiveDependencies: `init` is the first render's, on purpose: it runs once.
  useEffect(() => {
    controller.mount(() => init(controller))
    return () => controller.unmount()
  }, [controller])
  // The server snapshot is idle: rendering on the server starts nothing and reads no storage.
  const state = useSyncExternalStore(controller.subscribe, controller.getSnapshot, idle)
  return useMemo(
    () => ({
      ...state,
      start: controller.start,
      abort: controller.abort,
      cancel: controller.cancel,
      retry: controller.retry,
      stream: controller.stream,
    }),
    [state, controller],
  )
}
