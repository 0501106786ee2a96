export { type CuttingFetchOptions, cuttingFetch, type RecordedRequest } from './cutting-fetch.js'
export { fetchMockStats, MOCK_STATS_PATH, startTestServer, type TestServer } from './test-server.js'
