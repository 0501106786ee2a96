export {
  type BatchUpdates,
  type FrameScheduler,
  nextAnimationFrame,
  synchronously,
} from './frame-scheduler.js'
export { IDLE_STATE, type SluiceStreamState } from './idle-state.js'
export type { StreamControllerOptions } from './stream-controller.js'
export { useResumedStream } from './use-resumed-stream.js'
export { type UseSluiceStreamOptions, useSluiceStream } from './use-sluice-stream.js'
export type { SluiceStreamHandle } from './use-stream-controller.js'
