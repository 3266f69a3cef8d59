import Database from 'better-sqlite3';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ChildProcess } from 'node:child_process';
import { spawnCollector } from '../../demo/collector/spawn-collector';
import { startPostgresServer } from '../../test/helpers/postgres-server';
import { percentile, runLoad } from './load';
import { makeBodies } from './payloads';

// `npm run bench:collector-scale`: events/s stored and answer times of one SQLite collector and
// of 1, 2 and 4 collector processes on one PostgreSQL server, all on this machine, the load
// spread over the collectors in turn (as a load balancer would). PostgreSQL runs with fsync on
// and synchronous_commit=off: a commit survives a crash of PostgreSQL, not a power cut, like
// the collector's SQLite default (synchronous=NORMAL). BENCH_REQUESTS / BENCH_CONCURRENCY
// override the size and the requests in flight (in all, shared by the collectors).

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = 50;
const BROWSERS = 1000;
const WARMUP = 40;
const TIME_CAP_MS = 120_000;

interface Row {
  store: string;
  processes: number;
  eventsStored: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  collectorCpuMsPer1000Events: number;
  postgresCpuMsPer1000Events: number | null;
  loadAverage: number;
}

async function measure(store: 'sqlite' | 'postgres', processes: number, databaseUrl?: string, postgresPids?: () => number[]): Promise<Row> {
  const dirs = Array.from({ length: processes }, () => mkdtempSync(join(tmpdir(), 'tracklet-bench-')));
  const children: ChildProcess[] = [];
  try {
    const collectors = await Promise.all(dirs.map((dir) => spawnCollector(dir, databaseUrl ? ['--database', databaseUrl] : [])));
    children.push(...collectors.map((collector) => collector.child));
    const bodies = makeBodies({ count: REQUESTS + WARMUP, batchSize: BATCH, browsers: BROWSERS, gzip: false });
    const parts = collectors.map((_, index) => bodies.slice(WARMUP).filter((__, n) => n % processes === index));
    await Promise.all(collectors.map((collector, index) => runLoad({ url: collector.url + '/sa', bodies: bodies.slice(0, WARMUP).filter((_, n) => n % processes === index), concurrency: 2, timeCapMs: TIME_CAP_MS })));
    const cpuBefore = sum(children.map((child) => cpuSeconds(child.pid)));
    const pgBefore = postgresPids ? sum(postgresPids().map(cpuSeconds)) : 0;
    const loadBefore = loadavg()[0]!;
    const started = performance.now();
    const loads = await Promise.all(collectors.map((collector, index) => runLoad({ url: collector.url + '/sa', bodies: parts[index]!, concurrency: Math.max(1, Math.round(CONCURRENCY / processes)), timeCapMs: TIME_CAP_MS })));
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = sum(children.map((child) => cpuSeconds(child.pid))) - cpuBefore;
    const pgUsed = postgresPids ? sum(postgresPids().map(cpuSeconds)) - pgBefore : NaN;
    await Promise.all(children.map(async (child) => {
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }));
    let total: number;
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      total = Number((await client.query('SELECT COUNT(*) AS n FROM events')).rows[0].n);
      await client.end();
    } else {
      const db = new Database(join(dirs[0]!, 'collector.sqlite'), { readonly: true });
      total = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
      db.close();
    }
    const stored = total - WARMUP * BATCH;
    const latencies = loads.flatMap((load) => load.latenciesMs).sort((a, b) => a - b);
    const statuses: Record<string, number> = {};
    for (const load of loads) for (const [status, count] of Object.entries(load.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
    return {
      store,
      processes,
      eventsStored: stored,
      seconds: round(seconds),
      eventsPerSecond: Math.round(stored / seconds),
      latencyMs: { p50: round(percentile(latencies, 0.5)), p99: round(percentile(latencies, 0.99)), max: round(latencies.at(-1) ?? NaN) },
      statuses,
      errors: sum(loads.map((load) => load.errors)),
      collectorCpuMsPer1000Events: round((cpuUsed * 1000 * 1000) / Math.max(1, stored)),
      postgresCpuMsPer1000Events: postgresPids ? round((pgUsed * 1000 * 1000) / Math.max(1, stored)) : null,
      loadAverage: round((loadBefore + loadavg()[0]!) / 2),
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** CPU seconds (user + system) a process has used, from /proc (Linux; ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync('/proc/' + pid + '/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes (postmaster and backends): children of the postmaster whose pid is in its data folder. */
function postgresProcesses(postmaster: number): number[] {
  const pids = [postmaster];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(readFileSync('/proc/' + entry + '/stat', 'utf8').split(') ')[1]!.split(' ')[1]);
      if (parent === postmaster) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const rows: Row[] = [];
rows.push(await measure('sqlite', 1));
console.log(JSON.stringify(rows.at(-1)));
const server = await startPostgresServer({ fast: false, settings: ['synchronous_commit=off', 'max_connections=100'] });
try {
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  const postmaster = Number((await admin.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  // The backend's parent is the postmaster.
  const parent = Number(readFileSync('/proc/' + postmaster + '/stat', 'utf8').split(') ')[1]!.split(' ')[1]);
  for (const processes of [1, 2, 4]) {
    const name = 'bench_' + processes;
    await admin.query('CREATE DATABASE ' + name);
    rows.push(await measure('postgres', processes, server.url(name), () => postgresProcesses(parent)));
    console.log(JSON.stringify(rows.at(-1)));
  }
  await admin.end();
} finally {
  server.stop();
}

const pkg = (name: string) => (JSON.parse(readFileSync(new URL('../../node_modules/' + name + '/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const machine = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', pg: pkg('pg') };
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/collector-scale.json', import.meta.url), JSON.stringify({ machine, requests: REQUESTS, batch: BATCH, concurrency: CONCURRENCY, rows }, null, 2) + '\n');
const table = [
  '### Collector throughput: SQLite and PostgreSQL, 1 to 4 collector processes',
  '',
  `${REQUESTS} POST requests of ${BATCH} anonymous \`track\` events (${BROWSERS} browsers), ${CONCURRENCY} in flight in all (shared by the collectors), loopback; collectors, PostgreSQL and the load generator on the same ${machine.cpus}-core machine. PostgreSQL: fsync on, synchronous_commit=off.`,
  '',
  '| store | collector processes | events/s stored | p50 ms | p99 ms | max ms | collector CPU ms / 1k events | PostgreSQL CPU ms / 1k events | load avg | answers |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map((row) => `| ${row.store} | ${row.processes} | ${row.eventsPerSecond.toLocaleString('en-US')} | ${row.latencyMs.p50} | ${row.latencyMs.p99} | ${row.latencyMs.max} | ${row.collectorCpuMsPer1000Events} | ${row.postgresCpuMsPer1000Events ?? '–'} | ${row.loadAverage} | ${Object.entries(row.statuses).map(([status, count]) => status + '×' + count).join(', ')}${row.errors ? ', ' + row.errors + ' errors' : ''} |`),
  '',
  `Machine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, pg ${machine.pg}, ${machine.date}. Run: \`npm run bench:collector-scale\`. A load average above ${machine.cpus} means other processes shared the CPU during the run.`,
  '',
].join('\n');
writeFileSync(new URL('../results/collector-scale.md', import.meta.url), table);
console.log(table);
