import { bundleSize } from './bundle-size.js'
import { benchPackageDir, CLIENT_BUDGET_BYTES, entries } from './entries.js'

// Minified + gzipped size of each library's browser entry, bundled the same way.
console.log('| library | minified B | gzipped B | gzipped / Sluice |')
console.log('| --- | ---: | ---: | ---: |')
const sizes = new Map<string, number>()
for (const [name, source] of Object.entries(entries)) {
  const { minified, gzipped } = await bundleSize(source, benchPackageDir)
  sizes.set(name, gzipped)
  const ratio = gzipped / (sizes.get('sluice') ?? gzipped)
  console.log(`| ${name} | ${minified} | ${gzipped} | ${ratio.toFixed(2)} |`)
}
const sluice = await bundleSize(entries.sluice, benchPackageDir)
console.log(`\nSluice: ${sluice.gzipped} B gzipped, budget ${CLIENT_BUDGET_BYTES} B`)
console.log('Largest contributors to the Sluice entry (minified bytes):')
for (const { path, bytes } of sluice.contributors.slice(0, 15)) console.log(`  ${bytes}\t${path}`)
