export { type CuttingFetchOptions, cuttingFetch, type RecordedRequest } from './cutting-fetch.js'
export { startTestServer, type TestServer } from './test-server.js'
