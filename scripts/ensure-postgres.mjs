#!/usr/bin/env node
// Finds PostgreSQL for the collector's PostgreSQL tests (test/unit/postgres-*.test.ts) and
// benchmark, installing it the way ensure-chromium.mjs installs Chromium: Debian's `postgresql`
// package when running as root with apt-get, else it stops with the exact command to run. The
// tests start their own server in a temporary folder; nothing is configured system-wide.
import { spawnSync } from 'node:child_process';
import { findPostgresBin } from './postgres-finder.mjs';

let bin = findPostgresBin();
if (!bin) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('No PostgreSQL found: installing the OS package (apt-get install -y postgresql)...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env });
    bin = findPostgresBin();
  }
}
if (!bin) {
  console.error(
    [
      'The collector tests run against a real PostgreSQL server (started by the tests in a temporary folder), and none was found. Run:',
      '  sudo apt-get update && sudo apt-get install -y postgresql     (Debian/Ubuntu)',
      'or point POSTGRES_BIN at the folder holding initdb and pg_ctl, then run npm test again.',
    ].join('\n'),
  );
  process.exit(1);
}
const version = spawnSync(`${bin}/pg_ctl`, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`PostgreSQL for the collector tests: ${bin} (${version})`);
