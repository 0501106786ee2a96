import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

export interface BundleSize {
  /** Minified bytes. */
  minified: number
  /** Minified, then gzipped at level 9. */
  gzipped: number
  /** Minified bytes each input file contributes, largest first. */
  contributors: { path: string; bytes: number }[]
}

/**
 * Bundles `source` (an ES module that imports what a page would use) for the browser with
 * esbuild, minified and tree-shaken, and measures it. Workspace packages resolve to their
 * TypeScript source, which is what their `dist` is compiled from.
 */
export async function bundleSize(source: string, resolveDir: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@sluice/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error('esbuild produced no output')
  return {
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    contributors: contributorsOf(result.metafile),
  }
}

function contributorsOf(metafile: Metafile) {
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {}
  return Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
}
