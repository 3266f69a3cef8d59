import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../../demo/collector/collector';
import { openDatabase } from '../../demo/collector/schema';
import { clusterAdd } from '../../test/fixtures/seed-clusters';
import { fillClusterData } from './cluster-data';

// `npm run bench:clusters`: how long the collector takes to refresh seed 003's example
// cluster (consume_item more than 4 times on 2020-01-03..09, and user_level = 3) over stored
// events, at several sizes (BENCH_CLUSTER_SIZES, default "100000,1000000,10000000" events, 10
// per user). Each size: fill a fresh database, start the collector on it, add the cluster
// through the open API as the seed writes it, then ask for a refresh and poll its progress
// every 25 ms until 100. Writes bench/results/cluster-refresh.{json,md}.

const SIZES = (process.env.BENCH_CLUSTER_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
const EVENTS_PER_USER = 10;
const RUNS = 3;
const TIME_CAP_MS = 120_000;

interface Row {
  events: number;
  users: number;
  fillSeconds: number;
  databaseMB: number;
  addMs: number;
  refreshMs: number[];
  medianRefreshMs: number;
  /** CPU time of the process (all threads) per refresh, median: what other load disturbs least. */
  medianCpuMs: number;
  usersNum: number;
  progressSeen: number[];
  loadAverage: number;
}

async function measure(events: number): Promise<Row> {
  const users = events / EVENTS_PER_USER;
  const dataDir = mkdtempSync(join(tmpdir(), 'tracklet-clusters-'));
  try {
    const fillStarted = performance.now();
    const db = openDatabase(dataDir);
    fillClusterData(db, events, users);
    db.close();
    // Opening again re-creates the dropped indexes; checkpointed so the WAL starts empty.
    const indexed = openDatabase(dataDir);
    indexed.pragma('wal_checkpoint(TRUNCATE)');
    indexed.close();
    const fillSeconds = Math.round((performance.now() - fillStarted) / 100) / 10;
    const collector = await startCollector({ port: 0, dataDir, quiet: true, openApi: { token: 'bench' } });
    try {
      const loadBefore = loadavg()[0]!;
      const t = collector.url + '/open/';
      const started = performance.now();
      const added = (await (await fetch(t + 'user-cluster-add?token=bench', { method: 'POST', body: clusterAdd })).json()) as { data: number };
      await collector.openApi.runner.idle();
      const addMs = performance.now() - started;
      const refreshMs: number[] = [];
      const cpuMs: number[] = [];
      const progressSeen = new Set<number>();
      for (let run = 0; run < RUNS; run++) {
        const begun = performance.now();
        const cpuBefore = process.cpuUsage();
        await fetch(t + 'user-cluster-refresh?token=bench&clusterId=' + added.data, { method: 'POST' });
        for (;;) {
          const { data } = (await (await fetch(t + 'user-cluster-refresh-progress?token=bench&clusterId=' + added.data)).json()) as { data: { progress: number } };
          progressSeen.add(data.progress);
          if (data.progress === 100 || performance.now() - begun > TIME_CAP_MS) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        // The poll sees 100 up to 25 ms late; the runner's own end is the measure.
        await collector.openApi.runner.idle();
        refreshMs.push(performance.now() - begun);
        const cpu = process.cpuUsage(cpuBefore);
        cpuMs.push((cpu.user + cpu.system) / 1000);
      }
      const detail = (await (await fetch(t + 'user-cluster-detail?token=bench&clusterId=' + added.data)).json()) as { data: { usersNum: number } };
      const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
      return {
        events,
        users,
        fillSeconds,
        databaseMB: Math.round(statSync(join(dataDir, 'collector.sqlite')).size / 1e6),
        addMs: Math.round(addMs),
        refreshMs: refreshMs.map(Math.round),
        medianRefreshMs: median(refreshMs),
        medianCpuMs: median(cpuMs),
        usersNum: detail.data.usersNum,
        progressSeen: [...progressSeen].sort((a, b) => a - b),
        loadAverage: Math.round(((loadBefore + loadavg()[0]!) / 2) * 100) / 100,
      };
    } finally {
      await collector.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const events of SIZES) {
  const row = await measure(events);
  console.log(`${events.toLocaleString('en')} events / ${row.users.toLocaleString('en')} users: refresh ${row.medianRefreshMs} ms, CPU ${row.medianCpuMs} ms (runs ${row.refreshMs.join(', ')}), ${row.usersNum} members, progress seen ${row.progressSeen.join(' ')}, load ${row.loadAverage}`);
  rows.push(row);
}

const db = new Database(':memory:');
const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
db.close();
const machine = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', sqlite, betterSqlite3: (JSON.parse(readFileSync(new URL('../../node_modules/better-sqlite3/package.json', import.meta.url), 'utf8')) as { version: string }).version };
const markdown = [
  '### Cluster refresh (seed 003\'s example cluster)',
  '',
  'Refresh of `recent_7_days_consume` (consume_item more than 4 times on 2020-01-03..09, and user_level = 3), added through `POST /open/user-cluster-add` as the seed writes it, then refreshed ' + RUNS + ' times through `POST /open/user-cluster-refresh` while `GET /open/user-cluster-refresh-progress` is polled every 25 ms. In-process collector, SQLite in WAL mode, database filled directly (10 events per user, a quarter of them consume_item, over 30 days).',
  '',
  '| events | users | database | add → members ready | refresh, wall (median of ' + RUNS + ') | refresh runs | CPU per refresh (median) | members | progress values seen | load avg |',
  '| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |',
  ...rows.map((r) => `| ${r.events.toLocaleString('en')} | ${r.users.toLocaleString('en')} | ${r.databaseMB} MB | ${r.addMs} ms | **${r.medianRefreshMs} ms** | ${r.refreshMs.join(', ')} ms | ${r.medianCpuMs} ms | ${r.usersNum.toLocaleString('en')} | ${r.progressSeen.join(', ')} | ${r.loadAverage} |`),
  '',
  `Machine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, SQLite ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}), ${machine.date}. Run: \`npm run bench:clusters\`. Target: under 2 s at 1,000,000 events of 100,000 users.`,
  'A load average above the CPU count means other processes shared the CPU during the run: the wall times then stretch; the CPU time is the steadier figure.',
  '',
].join('\n');
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/cluster-refresh.json', import.meta.url), JSON.stringify({ machine, rows }, null, 2) + '\n');
writeFileSync(new URL('../results/cluster-refresh.md', import.meta.url), markdown);
console.log('wrote bench/results/cluster-refresh.json and bench/results/cluster-refresh.md');
