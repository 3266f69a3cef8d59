import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { startPostgresServer } from '../helpers/postgres-server';

// The collector's test files again, on PostgreSQL: one server for the whole run (started
// here), each test file's collectors in schemas of their own (helpers/collector-server.ts),
// plus the multi-collector tests of test/postgres/. The same files run on SQLite as part of
// test/unit/*.test.ts.

const UNIT = fileURLToPath(new URL('./', import.meta.url));
const POSTGRES_ONLY = fileURLToPath(new URL('../postgres/', import.meta.url));
/** The unit test files that start a collector: every one that imports the test collector or spawns one. */
const COLLECTOR_FILES = readdirSync(UNIT).filter((name) => /^(collector-|open-api-)/.test(name) && name.endsWith('.test.ts') && !/^(collector-(decode|validate|cli)|open-api-time)\./.test(name));

test('the collector test suite passes on PostgreSQL too (and the multi-collector tests)', { timeout: 20 * 60_000 }, async () => {
  assert.ok(COLLECTOR_FILES.length >= 12, 'found the collector test files: ' + COLLECTOR_FILES.join(', '));
  const server = await startPostgresServer();
  try {
    const files = [...COLLECTOR_FILES.map((name) => UNIT + name), ...readdirSync(POSTGRES_ONLY).filter((name) => name.endsWith('.test.ts')).map((name) => POSTGRES_ONLY + name)];
    // Without NODE_TEST_CONTEXT, which this runner sets: the inner run is a run of its own.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'tap', ...files], {
      env: { ...env, TRACKLET_TEST_STORE: 'postgres', TRACKLET_TEST_POSTGRES_URL: server.url() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const failures = output.split('\n').filter((line) => /^\s*not ok /.test(line));
    assert.equal(code, 0, 'the collector tests on PostgreSQL failed: ' + failures.join('; ') + '\n' + output.slice(-20_000));
    const passed = Number(/^# pass (\d+)$/m.exec(output)?.[1] ?? 0);
    assert.ok(passed >= 90, 'the collector tests ran on PostgreSQL: ' + passed + ' passed');
    console.log('# on PostgreSQL: ' + passed + ' tests passed in ' + files.length + ' files');
  } finally {
    server.stop();
  }
});
