import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin } from '../../scripts/postgres-finder.mjs';

export interface PostgresServer {
  /** `postgres://tracklet@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** Creates the database unless it exists; resolves with its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): void;
}

export interface PostgresServerOptions {
  /** Tests: no fsync (a test server's data need not survive a power cut). Default true. */
  fast?: boolean;
  /** More server settings, e.g. `synchronous_commit=off` (the benchmark). */
  settings?: string[];
}

/**
 * Starts a private PostgreSQL server (Debian's `postgresql` package, found by
 * scripts/postgres-finder.mjs) in a temporary folder on a free port of 127.0.0.1, with one
 * superuser `tracklet` and no password (trust, loopback only). PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user. A few seconds: start one per test run or
 * file, not per test.
 *
 * @example const server = await startPostgresServer(); const url = await server.createDatabase('t1'); ...; server.stop();
 */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: run node scripts/ensure-postgres.mjs (it installs or says what to run)');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'tracklet-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
    chownSync(dir, uid!, gid!);
  }
  const as = (program: string, args: string[]) => {
    const result = root ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { encoding: 'utf8' }) : spawnSync(join(bin, program), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(program + ' failed (' + result.status + '): ' + result.stdout + result.stderr);
  };
  const port = await freePort();
  try {
    as('initdb', ['-D', data, '-U', 'tracklet', '--auth=trust', '--locale=C', '-E', 'UTF8', '--no-sync']);
    const settings = ['-p ' + port, '-k ' + dir, '-c listen_addresses=127.0.0.1', '-c max_connections=200', ...(options.fast === false ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']), ...(options.settings ?? []).map((setting) => '-c ' + setting)];
    as('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that ends without stop() (a failed assertion, a timeout's SIGTERM, Ctrl-C)
  // leaves no server behind.
  process.once('exit', stop);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop();
      process.kill(process.pid, signal);
    });
  }
  const url = (database = 'postgres') => `postgres://tracklet@127.0.0.1:${port}/${database}`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query('CREATE DATABASE "' + name.replace(/"/g, '') + '"');
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error; // already there
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
