import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// tracklet/playwright in a real @playwright/test run: the example specs of test/playwright
// must pass against the demo site, and the failing ones must fail with messages that say what
// was expected, what arrived and what came nearest. Each run is a child `playwright test`
// process, as a user would start it (reads dist/: run `npm run build` first).

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

function runKit(env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'test', '-c', 'test/playwright', '--reporter=list'], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a hung run is killed with its browser.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // Bounded: a run that hangs is killed (10 min; a run takes 1-4 min on a busy 2-core machine).
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

/** The failure text of the test titled `title` in a list-reporter output. */
function failureOf(output: string, title: string): string {
  const start = output.search(new RegExp('\\d+\\) .*› ' + title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '( ─| *$)', 'm'));
  assert.ok(start >= 0, 'no failure reported for "' + title + '":\n' + output);
  const next = output.slice(start + 1).search(/\n {2}\d+\) /);
  return next < 0 ? output.slice(start) : output.slice(start, start + 1 + next);
}

test('the example specs pass in a real @playwright/test run against the demo site', { timeout: 700_000 }, async (t) => {
  assert.ok(existsSync(join(ROOT, 'dist', 'playwright.mjs')), 'dist/playwright.mjs is missing: run `npm run build` first');
  const { code, output } = await runKit();
  t.diagnostic(output.split('\n').filter((line) => /✓|✘|passed|failed|flaky/.test(line)).join('\n'));
  assert.equal(code, 0, output);
  assert.match(output, /\b12 passed\b/, output);
  assert.doesNotMatch(output, /skipped|flaky/, output);
});

test('failing assertions fail with messages that show what arrived', { timeout: 700_000 }, async (t) => {
  const { code, output } = await runKit({ TRACKLET_KIT_FAILING: '1' });
  t.diagnostic(output);
  assert.equal(code, 1, output);
  assert.match(output, /\b6 failed\b/, output);

  const wrongValue = failureOf(output, 'wrong property value');
  assert.match(wrongValue, /expect\(analytics\)\.toHaveTracked\(event, properties\)/);
  assert.match(wrongValue, /Expected: "buy" with properties \{"total":99,"currency":"EUR"\}/);
  assert.match(wrongValue, /Received: \d+ events, none matching; the nearest:\n\s+#\d+ "buy" \{"total":81,"currency":"EUR"\} {2}<- total: expected 99, received 81\n/);
  assert.match(wrongValue, /Timeout: 2000ms/);

  const neverSent = failureOf(output, 'event never sent');
  assert.match(neverSent, /Expected: "refund"\n\s*Received: \d+ events, none matching; the nearest:\n(\s+#\d+ "[^"]+" .*\n){3}/);
  assert.match(neverSent, /"buy" \{"total":81,"currency":"EUR"\}/);

  const notButSent = failureOf(output, 'not, but it was sent');
  assert.match(notButSent, /expect\(analytics\)\.not\.toHaveTracked/);
  assert.match(notButSent, /Expected: not "buy"\n\s*Received: 1 matching event among \d+:\n\s+#\d+ "buy" \{"total":81,"currency":"EUR"\}/);

  const count = failureOf(output, 'count form, sent once');
  assert.match(count, /Expected: "buy" with properties \{"currency":"EUR"\}, 2 times\n\s*Received: 1 matching event among \d+:/);

  const identity = failureOf(output, 'identity of another user');
  assert.match(identity, /expect\(analytics\)\.toHaveIdentity\(identity\)/);
  assert.match(identity, /Expected: \{"loginId":"someone_else"\}\n\s*Received: \{"distinctId":"user_42",.*"loginId":"user_42".*\(latest payload: "\$SignUp"\)/);
  // The first payload is the first visit's profile_set_once: the landing $pageview waits for
  // its route to settle (src/autotrack/route-settle.ts), and the profile does not.
  assert.match(identity, /Identities seen, in order:\n\s+\{.*"loginId":null.*from "profile_set_once"\n\s+\{.*"loginId":"user_42".* from "\$SignUp"/);

  const nothing = failureOf(output, 'nothing arrives');
  assert.match(nothing, /Received: no events at all \(is the page sending to the collector the fixture intercepts\?\)/);
});
