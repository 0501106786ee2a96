import { bundleSize } from './bundle-size.js'
import { benchPackageDir, CLIENT_BUDGET_BYTES, entries } from './entries.js'

// Minified + gzipped size of each library's browser entry, bundled the same way.
console.log('| library | minified B | gzipped B | gzipped / Sluice |')
console.log('| --- | ---: | ---: | ---: |')
// Bundled once: its row, the ratios and the contributors all come from this one build.
const sluice = await bundleSize(entries.sluice, benchPackageDir)
for (const [name, source] of Object.entries(entries)) {
  const { minified, gzipped } =
    name === 'sluice' ? sluice : await bundleSize(source, benchPackageDir)
  console.log(`| ${name} | ${minified} | ${gzipped} | ${(gzipped / sluice.gzipped).toFixed(2)} |`)
}
console.log(`\nSluice: ${sluice.gzipped} B gzipped, budget ${CLIENT_BUDGET_BYTES} B`)
console.log('Largest contributors to the Sluice entry (minified bytes):')
for (const { path, bytes } of sluice.contributors.slice(0, 15)) console.log(`  ${bytes}\t${path}`)
