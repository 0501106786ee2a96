export { countingProvider } from './counting-provider.js'
export { type ChaosRunOptions, type ChaosTotals, formatTotals, runChaos } from './run-chaos.js'
export {
  runScenario,
  type ScenarioEnvironment,
  type ScenarioReport,
  scenarioKey,
} from './run-scenario.js'
export {
  type ChaosExpectation,
  type ChaosScenario,
  type ChaosTransport,
  expectationOf,
  generateScenario,
} from './scenario.js'
