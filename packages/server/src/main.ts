// The reference server's Node entry: `pnpm server`. Providers come from the environment (mock
// without keys; see providers-from-env.ts).
import { startNodeServer } from './node.js'
import { providersFromEnv } from './providers-from-env.js'
import { storeFromEnv } from './store-from-env.js'

const port = Number(process.env.PORT ?? 8787)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}

const fromEnv = providersFromEnv(process.env)
const store = await storeFromEnv(process.env).catch((error: unknown) => {
  console.error((error as Error).message)
  process.exit(1)
})
const server = await startNodeServer({
  ...(store ? { store } : {}),
  providers: fromEnv.providers,
  defaultProvider: fromEnv.defaultProvider,
  unavailableProviders: fromEnv.unavailable,
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  ...(process.env.CORS_ORIGIN ? { corsOrigin: process.env.CORS_ORIGIN.split(',') } : {}),
})
console.log(
  `Sluice server on ${server.url} (providers: ${fromEnv.providers.map((p) => p.id).join(', ')}; default ${fromEnv.defaultProvider}; log: ${store ? 'redis' : 'memory'})`,
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Sluice server: error while closing', error)
        process.exit(1)
      },
    )
  })
}
