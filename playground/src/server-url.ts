/**
 * The Sluice server the page talks to: `?server=` (the end-to-end tests point it at a chaos
 * proxy), else `VITE_SLUICE_URL`, else the reference server of `pnpm dev`.
 */
export function serverUrl(): string {
  const fromQuery = new URLSearchParams(location.search).get('server')
  return fromQuery ?? import.meta.env.VITE_SLUICE_URL ?? 'http://127.0.0.1:8787'
}
