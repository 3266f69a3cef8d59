import Database from 'better-sqlite3';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCollector } from '../../demo/collector/spawn-collector';
import { percentile, runLoad } from './load';
import { makeBodies } from './payloads';
import { toMarkdown, type Scenario } from './report';

// `npm run bench:collector`: sustained events/second the collector stores, and its answer
// times, under a fixed load on loopback. The collector runs in its own process (as it would in
// production) so the load generator does not share its event loop; on a 2-core machine they
// still share the CPU, which the figures include. BENCH_REQUESTS / BENCH_CONCURRENCY override.

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BATCH = 50;
const BROWSERS = 1000;
const WARMUP = 50;
const TIME_CAP_MS = 60_000;
const SCENARIOS = [
  { name: 'gzip=0', gzip: false, args: [] as string[] },
  { name: 'gzip=1', gzip: true, args: [] as string[] },
  { name: 'gzip=0, synchronous=FULL', gzip: false, args: ['--durable'] },
];

async function measure(scenario: (typeof SCENARIOS)[number]): Promise<Scenario> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracklet-bench-'));
  try {
    const bodies = makeBodies({ count: REQUESTS + WARMUP, batchSize: BATCH, browsers: BROWSERS, gzip: scenario.gzip });
    const { url, child } = await spawnCollector(dataDir, scenario.args);
    try {
      await runLoad({ url: url + '/sa', bodies: bodies.slice(0, WARMUP), concurrency: CONCURRENCY, timeCapMs: TIME_CAP_MS });
      const cpuBefore = cpuSeconds(child.pid);
      const loadBefore = loadavg()[0]!;
      const load = await runLoad({ url: url + '/sa', bodies: bodies.slice(WARMUP), concurrency: CONCURRENCY, timeCapMs: TIME_CAP_MS });
      const cpuUsed = cpuSeconds(child.pid) - cpuBefore;
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      const db = new Database(join(dataDir, 'collector.sqlite'), { readonly: true });
      const stored = (db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number) - WARMUP * BATCH;
      db.close();
      const seconds = load.elapsedMs / 1000;
      return {
        name: scenario.name,
        requests: load.answered + load.errors,
        batchSize: BATCH,
        concurrency: CONCURRENCY,
        statuses: load.statuses,
        errors: load.errors,
        capped: load.capped,
        seconds: round(seconds),
        eventsStored: stored,
        eventsPerSecond: Math.round(stored / seconds),
        requestsPerSecond: Math.round(load.answered / seconds),
        bodyBytes: Math.round(bodies.reduce((sum, body) => sum + body.length, 0) / bodies.length),
        collectorCpuMsPer1000Events: round((cpuUsed * 1000 * 1000) / Math.max(1, stored)),
        loadAverage: round((loadBefore + loadavg()[0]!) / 2),
        latencyMs: { p50: round(percentile(load.latenciesMs, 0.5)), p95: round(percentile(load.latenciesMs, 0.95)), p99: round(percentile(load.latenciesMs, 0.99)), max: round(load.latenciesMs.at(-1) ?? NaN) },
      };
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc (Linux; clock ticks
 * of 1/100 s). The figure that other load on the machine disturbs least.
 */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

const results: Scenario[] = [];
for (const scenario of SCENARIOS) {
  const result = await measure(scenario);
  console.log(`${result.name}: ${result.eventsPerSecond} events/s stored, p99 ${result.latencyMs.p99} ms (${result.requests} requests of ${BATCH}, concurrency ${CONCURRENCY})`);
  results.push(result);
}

const pkg = (name: string) => (JSON.parse(readFileSync(new URL('../../node_modules/' + name + '/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const db = new Database(':memory:');
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  sqlite: db.prepare('SELECT sqlite_version()').pluck().get() as string,
  betterSqlite3: pkg('better-sqlite3'),
};
db.close();
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/collector.json', import.meta.url), JSON.stringify({ machine, results }, null, 2) + '\n');
writeFileSync(new URL('../results/collector.md', import.meta.url), toMarkdown(machine, results));
console.log('wrote bench/results/collector.json and bench/results/collector.md');
