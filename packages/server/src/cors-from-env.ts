/** Where the playground's Vite server runs in development (see playground/vite.config.ts). */
const PLAYGROUND_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173']

/**
 * The CORS allowlist: `CORS_ORIGIN` (comma-separated, `*` for any) if set; otherwise the
 * playground in development and nothing (same origin only) under `NODE_ENV=production`.
 */
export function corsOriginsFromEnv(env: Record<string, string | undefined>): string | string[] {
  const configured = env.CORS_ORIGIN?.trim()
  if (configured === '*') return '*'
  if (configured) return configured.split(',').map((origin) => origin.trim())
  return env.NODE_ENV === 'production' ? [] : PLAYGROUND_ORIGINS
}
