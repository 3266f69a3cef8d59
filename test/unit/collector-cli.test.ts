import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const collector = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'demo/collector/main.ts', ...args], { encoding: 'utf8', timeout: 30_000 });

test('the collector prints its usage for --help, and for an unknown flag instead of a stack trace', () => {
  const help = collector('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: node --import tsx demo\/collector\/main\.ts \[options\]/);
  assert.match(help.stdout, /--port <n>/);
  assert.equal(help.stderr, '');

  const wrong = collector('--prot', '8106');
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /^Unknown option '--prot'/);
  assert.match(wrong.stderr, /Usage: /);
  assert.doesNotMatch(wrong.stderr, /\n\s+at /, 'no stack trace');
});
