import { describe, expect, it } from 'vitest'
import { bundleSize } from '../src/size/bundle-size.js'
import {
  benchPackageDir,
  CLIENT_BUDGET_BYTES,
  CLIENT_CEILING_BYTES,
  entries,
} from '../src/size/entries.js'

describe("the client entry's size", () => {
  it('stays under its ceiling, minified and gzipped, on the way to the 8 KB budget', async () => {
    const { gzipped, contributors } = await bundleSize(entries.sluice, benchPackageDir)
    const largest = contributors
      .slice(0, 8)
      .map(({ path, bytes }) => `${bytes} B ${path}`)
      .join('\n')
    expect(
      gzipped,
      `@sluice/client is ${gzipped} B gzipped (ceiling ${CLIENT_CEILING_BYTES} B, budget ${CLIENT_BUDGET_BYTES} B); largest minified inputs:\n${largest}`,
    ).toBeLessThanOrEqual(CLIENT_CEILING_BYTES)
  })
})
