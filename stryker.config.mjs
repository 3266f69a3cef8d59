// Mutation testing (npm run mutation): StrykerJS changes the code where a bug costs data, one
// small change ("mutant") at a time, and runs the unit tests that reach it; a mutant that no
// test notices is a bug that could land with every test green.
//
// Runner: the tap runner, because node:test prints TAP when its output is piped. It runs each
// test file in its own `node --import tsx` process and records which mutants that file reaches,
// so a mutant is tested only by the files that reach it (the command runner would rerun the
// whole suite for every mutant, with no coverage to narrow it). Only unit tests: the browser
// tests load the built dist/, which does not contain the mutants.
//
// Scope (docs/mutation-testing.md says why): the pure parts of identity, events, queue and
// transport, and the collector's identity graph, profile operations and dedupe. Browser
// adapters (document.cookie, IndexedDB, fetch/XHR, the page facts of presets and visits) and
// the dispatcher's timers are proved by the Chromium and delivery tests instead.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  tap: {
    // The unit tests that reach the mutated code. Left out: the dispatcher tests (timer-driven,
    // ~20 s a file on a loaded 2-core machine, and the queue and transport parts they reach have
    // tests of their own), the collector tests of decoding, validation, the viewer API and
    // restarts (other code; restarts run the collector in a child process, out of reach of
    // Stryker's coverage), and tests that load dist/ or reach none of it.
    testFiles: [
      'test/unit/!(dispatcher-*|collector-*|ssr-import|bench-stats|mutation-report).test.ts',
      'test/unit/collector-@(http|identity|profile).test.ts',
    ],
    nodeArgs: ['--import', 'tsx', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/identity/*.ts',
    '!src/identity/cookie-store.ts',
    '!src/identity/cookie-domain.ts',
    'src/events/*.ts',
    '!src/events/presets.ts',
    '!src/events/visit-facts.ts',
    'src/queue/*.ts',
    '!src/queue/idb-store.ts',
    'src/transport/backoff.ts',
    'src/transport/batch.ts',
    'src/transport/encode.ts',
    'src/transport/wire-request.ts',
    'demo/collector/identity-graph.ts',
    'demo/collector/profile-ops.ts',
    'demo/collector/store.ts',
  ],
  ignorePatterns: ['dist', 'docs', 'bench/results', 'demo/data', 'test-results', '.tmp'],
  concurrency: 2,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: 'bench/results/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'bench/results/mutation/mutation.json' },
  htmlReporter: { fileName: 'bench/results/mutation/mutation.html' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
