import { afterEach, describe, expect, it } from 'vitest'
import { LoadRun } from '../src/capacity/load-run.js'
import { ServerHandle } from '../src/capacity/server-handle.js'
import type { ServerKind } from '../src/capacity/server-process.js'

const servers: ServerHandle[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()))
})

describe.each<ServerKind>(['sluice', 'naive', 'raw'])(
  'the load generator against the %s server',
  (kind) => {
    it('counts every token of every stream, with its lateness, and no errors', async () => {
      const server = await ServerHandle.start(kind)
      servers.push(server)
      const options = {
        url: server.url,
        streams: 6,
        rampMs: 30,
        tokens: 8,
        ttftMs: 5,
        tokenDelayMs: 5,
      }
      const run = new LoadRun(options)
      await run.finished(20_000)
      run.close()
      expect(Object.fromEntries(run.errors)).toEqual({})
      expect(run.completed).toBe(options.streams)
      expect(run.tokensArrived).toBe(options.streams * options.tokens)
      const lateness = Array.from(run.lateness.subarray(0, run.latenessCount))
      expect(lateness).toHaveLength(options.streams * options.tokens)
      // Arrival minus due, both on the server's clock. Node's timers run on a millisecond loop
      // clock, so the provider may yield a token up to a millisecond or so before it is due.
      for (const ms of lateness) expect(ms).toBeGreaterThan(-3)
      for (const ms of lateness) expect(ms).toBeLessThan(1000)
      const sample = await server.sample(false)
      expect(sample.cpuMicros).toBeGreaterThan(0)
    })
  },
)
