/**
 * What `@sluice/react` adds to an app's bundle: the same app entry bundled with esbuild (minified,
 * browser ESM), once using only `@sluice/client` and once also the hooks, React left external as
 * the peer dependency it is. Sizes are minified and gzipped (level 9), as served.
 */
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const ENTRIES = {
  'client only': `import { createSluiceClient } from '@sluice/client'
export const client = createSluiceClient({ baseUrl: '' })`,
  'client + @sluice/react': `import { createSluiceClient } from '@sluice/client'
import { useResumedStream, useSluiceStream } from '@sluice/react'
export const client = createSluiceClient({ baseUrl: '' })
export { useResumedStream, useSluiceStream }`,
  'react + react-dom (for scale)': `export * from 'react'
export { createRoot } from 'react-dom/client'`,
}

async function bundledSize(contents: string, external: string[]) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@sluice/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    write: false,
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const rows: [string, { min: number; gzip: number }][] = []
for (const [name, contents] of Object.entries(ENTRIES)) {
  const external = name.startsWith('react') ? [] : ['react', 'react-dom']
  rows.push([name, await bundledSize(contents, external)])
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`
console.log('| bundle | minified | minified + gzip |\n| --- | --: | --: |')
for (const [name, size] of rows) console.log(`| ${name} | ${kb(size.min)} | ${kb(size.gzip)} |`)
const [clientOnly, withReact] = rows.map(([, size]) => size)
if (clientOnly && withReact) {
  const added = withReact.gzip - clientOnly.gzip
  console.log(
    `\n@sluice/react adds ${added} bytes gzipped (${((100 * added) / clientOnly.gzip).toFixed(1)}% of the client).`,
  )
}
