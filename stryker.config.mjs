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
//
// MUTATION_MODULE=identity|events|queue-transport|collector mutates one module and runs only
// its own test files, writing bench/results/mutation/mutation-<module>.json (the report merges
// the parts): a full run takes hours on a shared 2-core machine, one module minutes to an hour.

const MODULES = {
  identity: {
    mutate: ['src/identity/*.ts', '!src/identity/cookie-store.ts', '!src/identity/cookie-domain.ts'],
    tests: ['identity-transitions', 'cookie-codec', 'create-identity', 'build-payload'],
  },
  events: {
    mutate: ['src/events/*.ts', '!src/events/presets.ts', '!src/events/visit-facts.ts'],
    tests: ['before-send', 'build-payload', 'profile', 'session', 'super-properties', 'timed-events', 'validate-names', 'validate-values'],
  },
  'queue-transport': {
    mutate: ['src/queue/*.ts', '!src/queue/idb-store.ts', 'src/transport/@(backoff|batch|encode|wire-request).ts'],
    tests: ['queue-store', 'backoff', 'batch', 'encode', 'wire-request'],
  },
  collector: {
    mutate: ['demo/collector/@(identity-graph|profile-ops|store).ts'],
    // The dedupe tests are in collector-http.
    tests: ['collector-http', 'collector-identity', 'collector-profile'],
  },
};
const only = process.env.MUTATION_MODULE;
if (only && !MODULES[only]) throw new Error('MUTATION_MODULE must be one of ' + Object.keys(MODULES).join(', '));
const chosen = only ? [MODULES[only]] : Object.values(MODULES);
const suffix = only ? '-' + only : '';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  tap: {
    // Each module's own unit tests. Left out: the dispatcher tests (timer-driven, ~20 s a file
    // on a loaded 2-core machine; the queue and transport parts they reach have tests of their
    // own), the collector tests of decoding, validation, the viewer API and restarts (other
    // code; restarts run the collector in a child process, out of reach of Stryker's coverage).
    testFiles: [`test/unit/@(${[...new Set(chosen.flatMap((m) => m.tests))].join('|')}).test.ts`],
    nodeArgs: ['--import', 'tsx', '-r', '{{hookFile}}', '{{testFile}}'],
    forceBail: true,
  },
  coverageAnalysis: 'perTest',
  mutate: chosen.flatMap((m) => m.mutate),
  ignorePatterns: ['dist', 'docs', 'bench/results', 'demo/data', 'test-results', '.tmp'],
  concurrency: 2,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: `bench/results/mutation/stryker-incremental${suffix}.json`,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `bench/results/mutation/mutation${suffix}.json` },
  htmlReporter: { fileName: `bench/results/mutation/mutation${suffix}.html` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
