import { defineConfig } from 'vite'

export default defineConfig({
  // Read the workspace packages' TypeScript source: no build step in development.
  resolve: { conditions: ['@sluice/source'] },
  server: { host: '127.0.0.1', port: 5173 },
})
