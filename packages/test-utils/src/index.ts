export {
  type BodyFaultCore,
  type BodyStep,
  concatBytes,
  createBodyFault,
} from './chaos/body-fault.js'
export {
  type ChaosFetchOptions,
  type ChaosFetchRecord,
  chaosFetch,
  type RecordedRequest,
} from './chaos/chaos-fetch.js'
export {
  type BodyFault,
  CUT_ALIGNMENTS,
  type CutAlignment,
  describeFault,
  type FaultPlan,
  faultsInOrder,
  type HttpFault,
  isHttpFault,
  type NetworkFault,
} from './chaos/faults.js'
export type { ProxyRequestHead } from './chaos/http-message.js'
export type { ProxyExchange } from './chaos/proxy-exchange.js'
export { type ChaosProxy, type ChaosProxyOptions, startChaosProxy } from './chaos/tcp-proxy.js'
export {
  type FakeTimer,
  FakeTimers,
  type FakeTimersOptions,
  settle,
  type TimerFunctions,
} from './fake-timers.js'
export {
  redisServerAvailable,
  startTestRedis,
  type TestRedis,
  type TestRedisOptions,
} from './redis-server.js'
export { type ServerProcess, startServerProcess } from './server-process.js'
export { fetchMockStats, MOCK_STATS_PATH, startTestServer, type TestServer } from './test-server.js'
