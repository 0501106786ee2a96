import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [react()],
  // Read the workspace packages' TypeScript source: no build step in development.
  resolve: { conditions: ['@sluice/source'] },
  server: { host: '127.0.0.1', port: 5173 },
})
