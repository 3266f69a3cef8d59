import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { startCollector, type Collector, type CollectorOptions } from '../../../demo/collector/collector';
import { startPostgresServer, type PostgresServer } from '../../helpers/postgres-server';

/**
 * The store the collector tests run against: SQLite unless `TRACKLET_TEST_STORE=postgres`
 * (test/unit/postgres-suite.test.ts runs the collector's test files that way, against the
 * server it started, given in `TRACKLET_TEST_POSTGRES_URL`).
 */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.TRACKLET_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

let ownServer: Promise<PostgresServer> | undefined;

/**
 * The PostgreSQL URL of a test's data directory: its own schema (named after the folder) on
 * the run's server, or on a server this test file starts once. The same folder always gets
 * the same schema, so a restarted collector finds its data.
 */
export async function testDatabaseUrl(dataDir: string): Promise<string> {
  const base = process.env.TRACKLET_TEST_POSTGRES_URL ?? (await (ownServer ??= startPostgresServer())).url();
  const schema = 't_' + createHash('sha1').update(dataDir).digest('hex').slice(0, 24);
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query('CREATE SCHEMA IF NOT EXISTS ' + schema);
  } finally {
    await client.end();
  }
  return base + (base.includes('?') ? '&' : '?') + 'options=' + encodeURIComponent('-c search_path=' + schema);
}

/** The collector options that select the test store for a data directory (none for SQLite). */
export async function storeOptions(dataDir: string): Promise<Pick<CollectorOptions, 'databaseUrl'>> {
  return { databaseUrl: TEST_STORE === 'postgres' ? await testDatabaseUrl(dataDir) : '' };
}

/** The arguments of demo/collector/main.ts that select the test store for a data directory. */
export async function storeArgs(dataDir: string): Promise<string[]> {
  return TEST_STORE === 'postgres' ? ['--database', await testDatabaseUrl(dataDir)] : [];
}

/** A statement's first column of its first row, on either store (`?` placeholders). */
export async function sqlValue<T = unknown>(collector: Pick<Collector, 'database'>, sql: string, ...params: unknown[]): Promise<T | undefined> {
  const [row] = await collector.database.query(sql, ...params);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

/** A collector on 127.0.0.1:0 with a fresh data directory, removed by `stop()`; on the test store. */
export async function startTestCollector(options: CollectorOptions = {}): Promise<Collector & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tracklet-collector-'));
  const collector = await startCollector({ port: 0, quiet: true, ...(await storeOptions(dataDir)), ...options, dataDir });
  // Assigned, not spread: a spread would read `db`, which throws on PostgreSQL.
  return Object.assign(collector, {
    dataDir,
    async stop() {
      await collector.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A temporary directory for tests that manage the collector's lifetime themselves. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tracklet-collector-'));
}

export type TestEvent = Record<string, unknown>;

/**
 * A valid `track` payload in the seed's shape (shared/seeds/001) for an anonymous browser
 * whose cookie and anonymous ID are `cookieId`; `overrides` replace top-level fields.
 */
export function trackEvent(cookieId: string, overrides: TestEvent = {}): TestEvent {
  return {
    identities: { $identity_cookie_id: cookieId, $identity_anonymous_id: cookieId },
    distinct_id: cookieId,
    lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
    properties: { $timezone_offset: -480, $screen_width: 1440, $lib: 'js', $lib_version: '0.1.0' },
    anonymous_id: cookieId,
    type: 'track',
    event: '$pageview',
    time: 1711621218552,
    _track_id: randomInt(1, 2 ** 47),
    _flush_time: 1711621218553,
    ...overrides,
  };
}

/** The form body of DESIGN.md: `data_list=<base64 JSON array>&gzip=0|1`. */
export function dataListBody(events: unknown[], gzip = false): string {
  const json = Buffer.from(JSON.stringify(events));
  return new URLSearchParams({ data_list: (gzip ? gzipSync(json) : json).toString('base64'), gzip: gzip ? '1' : '0' }).toString();
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POSTs events as the SDK does (form body) and returns the status and JSON answer. */
export async function postEvents(collector: { ingestUrl: string }, events: unknown[], options: { gzip?: boolean; query?: string; origin?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers };
  if (options.origin) headers.Origin = options.origin;
  return request(collector.ingestUrl + (options.query ?? ''), { method: 'POST', headers, body: dataListBody(events, options.gzip) });
}

/** fetch() that reads a JSON body when there is one, with a 10 s time limit. */
export async function request(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}
