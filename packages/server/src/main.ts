// The reference server's Node entry: `pnpm server`. Providers come from the environment (mock
// without keys; see providers-from-env.ts).
import { collectDefaultMetrics, Registry } from 'prom-client'
import { corsOriginsFromEnv } from './cors-from-env.js'
import { startNodeServer } from './node.js'
import { providersFromEnv } from './providers-from-env.js'
import { storeFromEnv } from './store-from-env.js'
import { createLogger } from './telemetry/logging.js'

const logger = createLogger(process.env.LOG_LEVEL ?? 'info')
const port = Number(process.env.PORT ?? 8787)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.fatal(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}
const drainDeadlineMs = Number(process.env.DRAIN_DEADLINE_MS ?? 25_000)
if (!Number.isFinite(drainDeadlineMs) || drainDeadlineMs < 0) {
  logger.fatal(
    `DRAIN_DEADLINE_MS must be a number of milliseconds, got ${process.env.DRAIN_DEADLINE_MS}`,
  )
  process.exit(1)
}

const metrics = new Registry()
collectDefaultMetrics({ register: metrics })
const fromEnv = providersFromEnv(process.env)
const store = await storeFromEnv(process.env).catch((error: unknown) => {
  logger.fatal((error as Error).message)
  process.exit(1)
})
const server = await startNodeServer({
  ...(store ? { store } : {}),
  providers: fromEnv.providers,
  defaultProvider: fromEnv.defaultProvider,
  unavailableProviders: fromEnv.unavailable,
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  corsOrigin: corsOriginsFromEnv(process.env),
  logger,
  metrics,
  drainDeadlineMs,
})
logger.info(
  {
    url: server.url,
    providers: fromEnv.providers.map((p) => p.id),
    log: store ? 'redis' : 'memory',
  },
  `Sluice server on ${server.url} (default provider ${fromEnv.defaultProvider}; log: ${store ? 'redis' : 'memory'})`,
)

// [spec] SIGTERM drains: no new streams, running ones finish, readers are told to reconnect.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal, drainDeadlineMs }, 'draining')
    server
      .drain()
      .then(() => server.close())
      .then(
        () => {
          logger.info('stopped')
          process.exit(0)
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while closing')
          process.exit(1)
        },
      )
  })
}
