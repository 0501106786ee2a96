import { defineConfig } from 'vitest/config'

// Workspace packages resolve each other's TypeScript source through this export condition,
// so tests never need a build step.
const sourceCondition = '@sluice/source'

export default defineConfig({
  resolve: { conditions: [sourceCondition] },
  ssr: { resolve: { conditions: [sourceCondition] } },
  // The runner of global setup files (Vitest's own Vite environment).
  environments: { __vitest__: { resolve: { conditions: [sourceCondition] } } },
  test: {
    // The JSON report lets CI print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest/results.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          globalSetup: ['packages/test-utils/src/redis-global-setup.ts'],
          include: [
            'packages/{protocol,provider,provider-contract,provider-anthropic,provider-openai,mock-provider,server,test-utils,chaos,bench}/test/**/*.test.ts',
            'packages/client/test/contract/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://app.localhost:5173/' } },
          globalSetup: ['packages/client/test/browser/global-setup.ts'],
          include: ['packages/client/test/**/*.test.ts'],
          exclude: ['packages/client/test/contract/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://app.localhost:5173/' } },
          globalSetup: ['packages/react/test/global-setup.ts'],
          include: ['packages/react/test/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'playground',
          environment: 'node',
          globalSetup: ['playground/test/global-setup.ts'],
          include: ['playground/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
