// @ts-check
/**
 * Mutation testing of the rules (`npm run test:mutation`, not part of `npm test`): StrykerJS changes
 * the billing engine, the *.rules.ts validators, the bid comparison and the state tables one small
 * edit at a time (a flipped comparison, a removed condition, another constant) and runs the unit
 * tests (jest.unit.config.js) against each change. A change no test notices "survives"; the run
 * fails when the score (killed ÷ all) drops below `thresholds.break`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.unit.config.js', enableFindRelatedTests: false },
  // Jest runs these ES modules through Node's VM modules, as in `npm run test:jest`.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  mutate: [
    'src/modules/statements/billing/**/*.ts',
    'src/modules/**/*.rules.ts',
    'src/modules/bids/bid-comparison.ts',
    'src/modules/**/*-state.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // Mutated date loops can run forever; the margin is wide because the machine's cores are shared
  // (a run that is merely slow must not count as a timeout).
  timeoutMS: 10000,
  // Later runs re-test only mutants whose code or covering tests changed (reports/ is not committed).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 75, break: 0 },
  tempDirName: '.stryker-tmp',
};
