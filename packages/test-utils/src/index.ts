export { type CuttingFetchOptions, cuttingFetch, type RecordedRequest } from './cutting-fetch.js'
export {
  type FakeTimer,
  FakeTimers,
  type FakeTimersOptions,
  settle,
  type TimerFunctions,
} from './fake-timers.js'
export { fetchMockStats, MOCK_STATS_PATH, startTestServer, type TestServer } from './test-server.js'
