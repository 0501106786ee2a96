import type { FetchLike } from '@sluice/client'
import type { FaultPlan, TestServer } from '@sluice/test-utils'
import type { FaultRecord, PlannedRequest } from '../helpers.js'

/** A way to put a fault plan between a client and the real server: chaosFetch or the proxy. */
export interface ChaosTransport {
  start(server: TestServer, plan: FaultPlan<PlannedRequest>): Promise<ChaosSetup>
  /** What reading a cut body throws with this transport. */
  cutError: { name: string; message: string }
}

export interface ChaosSetup {
  baseUrl: string
  /** The `fetch` to use, if the transport is one; otherwise the global one, to `baseUrl`. */
  fetch?: FetchLike
  records: FaultRecord[]
  close(): Promise<void>
}
