// The reference server's Node entry: `pnpm server`. Uses the mock provider.
import { startNodeServer } from './node.js'

const port = Number(process.env.PORT ?? 8787)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}

const server = await startNodeServer({
  port,
  hostname: process.env.HOST ?? '127.0.0.1',
  ...(process.env.CORS_ORIGIN ? { corsOrigin: process.env.CORS_ORIGIN.split(',') } : {}),
})
console.log(`Sluice server on ${server.url} (provider: mock)`)

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
