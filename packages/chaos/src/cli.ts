// `pnpm chaos [--from N] [--count M] [--concurrency K]`: runs seeded chaos scenarios and prints
// the totals; exits 1 if any scenario lost, repeated or re-generated anything.
import { parseArgs } from 'node:util'
import { describeFault } from '@sluice/test-utils'
import { formatTotals, runChaos } from './run-chaos.js'
import { generateScenario } from './scenario.js'

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '1' },
    count: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
  },
})
const number = (name: string, value: string | undefined) => {
  const parsed = Number(value)
  if (!Number.isSafeInteger(parsed) || parsed < (name === 'from' ? 0 : 1)) {
    console.error(`--${name} must be a whole number, got ${JSON.stringify(value)}`)
    process.exit(2)
  }
  return parsed
}
const from = number('from', values.from)
const count = number('count', values.count)
const concurrency = number('concurrency', values.concurrency)

const started = performance.now()
let done = 0
const totals = await runChaos({
  from,
  count,
  concurrency,
  onReport: () => {
    if (++done % 1000 === 0) console.log(`… ${done} scenarios`)
  },
})
console.log(formatTotals(totals), `in ${((performance.now() - started) / 1000).toFixed(1)} s`)
for (const failure of totals.failures) {
  const scenario = generateScenario(failure.seed)
  console.log(
    `seed ${failure.seed} (${scenario.transport}; ${scenario.faults.map(describeFault).join(', ') || 'no network fault'}): ${failure.problems.join('; ')}`,
  )
  console.log(`  reproduce: npx -y pnpm@12.4.2 chaos --from ${failure.seed} --count 1`)
}
for (const rejection of totals.unhandledRejections) console.log(`unhandled rejection: ${rejection}`)
process.exit(totals.failures.length === 0 && totals.unhandledRejections.length === 0 ? 0 : 1)
