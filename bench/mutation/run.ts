import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { scoreTable, survivorList, type Equivalent, type MutationReport } from './report';

// `npm run mutation [-- <stryker options>]`: runs StrykerJS (stryker.config.mjs) and writes
// bench/results/mutation.md: the score per module, how long the run took, and every mutant
// that survived, each either listed in equivalents.json (with the reason it cannot be killed)
// or marked NOT EXPLAINED, which is a missing test. Options pass through, e.g.
// `npm run mutation -- --mutate 'src/queue/**'` for one module, `-- --force` for a full run
// that ignores the incremental file. `npm run mutation -- --report-only [--took "<text>"]`
// re-renders the markdown from the JSON reports in bench/results/mutation/ (mutation.json, and
// mutation-<part>.json of runs split by module, e.g. run on two machines), merged.

const JSON_DIR = 'bench/results/mutation';
const MARKDOWN = 'bench/results/mutation.md';
const EQUIVALENTS = 'bench/mutation/equivalents.json';

const args = process.argv.slice(2);
const reportOnly = args.includes('--report-only');
let took = '';
if (!reportOnly) {
  const loadBefore = loadavg()[0]!;
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', ...args], { stdio: 'inherit' });
  const minutes = (Date.now() - started) / 60_000;
  const module = process.env.MUTATION_MODULE ? `MUTATION_MODULE=${process.env.MUTATION_MODULE} ` : '';
  took = `${minutes.toFixed(1)} min (\`${module}npm run mutation${args.length ? ' -- ' + args.join(' ') : ''}\`, ${cpus().length} cores, ` +
    `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after: the machine was shared)`;
  if (run.status !== 0) process.exit(run.status ?? 1);
} else {
  const given = args.indexOf('--took');
  took = given >= 0 ? args[given + 1]! : existsSync(MARKDOWN) ? (/^Run time: (.*)$/m.exec(readFileSync(MARKDOWN, 'utf8'))?.[1] ?? '') : '';
}

const report: MutationReport = { files: {} };
for (const name of readdirSync(JSON_DIR).filter((file) => /^mutation(-[\w-]+)?\.json$/.test(file))) {
  Object.assign(report.files, (JSON.parse(readFileSync(JSON_DIR + '/' + name, 'utf8')) as MutationReport).files);
}
const equivalents = JSON.parse(readFileSync(EQUIVALENTS, 'utf8')) as Equivalent[];
const survivors = survivorList(report, equivalents);
const unexplained = survivors.filter((s) => !s.reason).length;
const markdown = [
  '# Mutation testing',
  '',
  `Written by \`npm run mutation\` (StrykerJS, stryker.config.mjs; see docs/mutation-testing.md) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  '',
  `Run time: ${took || 'not measured (report re-rendered)'}`,
  '',
  '## Score per module',
  '',
  'Score = detected / (detected + undetected), as Stryker counts it (killed and timed-out mutants are detected;',
  'survived and uncovered ones are not). The last column counts the equivalent mutants below as not mutants at all.',
  '',
  ...scoreTable(report, equivalents),
  '',
  '## Mutants that survived',
  '',
  unexplained
    ? `${unexplained} survivor(s) marked NOT EXPLAINED: each is a change no test notices, so a test is missing (or, when the change cannot alter behaviour, an entry in ${EQUIVALENTS}).`
    : `Every survivor is an equivalent mutant: the change cannot alter what the code does. The reasons are kept in ${EQUIVALENTS}.`,
  '',
  ...(survivors.length
    ? ['| where | mutation | why it survives |', '| --- | --- | --- |', ...survivors.map((s) => `| ${s.where} | ${s.mutation} | ${s.reason || '**NOT EXPLAINED**'} |`)]
    : ['None.']),
  '',
  'Mutant by mutant: the JSON reports in bench/results/mutation/, and the HTML report a run writes beside them (not committed).',
  '',
].join('\n');
writeFileSync(MARKDOWN, markdown);
console.log(markdown);
