import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnCollector } from '../../demo/collector/spawn-collector';
import { sqlValue, startTestCollector, storeArgs, tempDataDir } from './helpers/collector-server';
import { ingest, loggedIn, memberLogins, openCall, startOpenApiCollector, timesDef, TOKEN, type TestCollector } from './helpers/open-api';

// Progress, stops and restarts in the middle of a refresh, and the token's life.

const at = (day: number, minute = 0) => Date.UTC(2024, 2, day, 12, minute);
const USERS = 400;

/** USERS users; user i bought i % 5 times: 80 of them bought 4 times. */
async function fill(collector: TestCollector): Promise<void> {
  const events = [];
  for (let i = 0; i < USERS; i++) {
    const user = loggedIn('u' + i);
    events.push(user.profile({ i }));
    for (let k = 0; k < i % 5; k++) events.push(user.track('buy', at(1, k)));
  }
  await ingest(collector, events);
}
const def = (num: string) => ({ clusterName: 'buyers', clusterType: 'cluster_by_dynamic_condition', qp: timesDef('buy', 'equal', num) });
const detail = async (collector: { url: string }, id: number) => (await openCall(collector, 'GET', '/open/user-cluster-detail?clusterId=' + id)).data;

test('progress is the real share of users done, rising in steps; the old members stay readable until the new ones are in', async () => {
  const collector = await startOpenApiCollector({ openApi: { refreshPauseMs: 10, refreshChunkUsers: 20 } });
  try {
    await fill(collector);
    const id = (await openCall(collector, 'POST', '/open/user-cluster-add', def('4'))).data;
    await collector.openApi.runner.idle();
    assert.equal((await detail(collector, id)).usersNum, 80);
    await openCall(collector, 'POST', '/open/user-cluster-update?clusterId=' + id, { qp: timesDef('buy', 'greaterEqual', '3') });
    const seen: number[] = [];
    for (let polls = 0; polls < 1000; polls++) {
      // One answer holds the state and the count, so they are of the same moment.
      const { progress, refreshState, usersNum } = await detail(collector, id);
      if (refreshState === 'running') assert.equal(usersNum, 80, 'the members of the last refresh until the swap');
      seen.push(progress);
      if (progress === 100) break;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    assert.equal(seen.at(-1), 100);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'never goes back');
    assert.ok(new Set(seen.filter((p) => p > 0 && p < 100)).size >= 5, 'intermediate steps: ' + seen.join(' '));
    assert.equal((await detail(collector, id)).usersNum, 160);
  } finally {
    await collector.stop();
  }
});

test('a collector closed in the middle of a refresh keeps the old members and finishes the refresh when it starts again', async () => {
  const dataDir = tempDataDir();
  try {
    const first = await startOpenApiCollector({ dataDir, openApi: { refreshPauseMs: 10, refreshChunkUsers: 20 } });
    await fill(first);
    const id = (await openCall(first, 'POST', '/open/user-cluster-add', def('4'))).data;
    await first.openApi.runner.idle();
    await openCall(first, 'POST', '/open/user-cluster-update?clusterId=' + id, { qp: timesDef('buy', 'equal', '1') });
    for (let polls = 0; polls < 500 && (await first.openApi.runner.statusById(id)).progress < 30; polls++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal((await first.openApi.runner.statusById(id)).state, 'running');
    await first.stop();

    const second = await startOpenApiCollector({ dataDir });
    try {
      assert.equal((await sqlValue(second, 'SELECT COUNT(*) FROM cluster_members WHERE cluster_id = ?', id)), 80, 'the old members, untouched');
      await second.openApi.runner.idle();
      const after = await detail(second, id);
      assert.deepEqual([after.usersNum, after.progress, after.refreshState], [80, 100, 'idle']);
      assert.deepEqual((await memberLogins(second, id)).slice(0, 3), ['u1', 'u101', 'u106'], 'now the users who bought once');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a collector killed (SIGKILL) in the middle of a refresh resumes it at the next start', async () => {
  const dataDir = tempDataDir();
  try {
    const setup = await startOpenApiCollector({ dataDir });
    await fill(setup);
    await setup.stop();
    const saved = { ...process.env };
    Object.assign(process.env, { TRACKLET_API_TOKEN: TOKEN, TRACKLET_REFRESH_PAUSE_MS: '20', TRACKLET_REFRESH_CHUNK_USERS: '10' });
    let spawned;
    try {
      spawned = await spawnCollector(dataDir, await storeArgs(dataDir));
    } finally {
      process.env = saved;
    }
    const { url, child } = spawned;
    let id: number;
    try {
      id = (await openCall({ url }, 'POST', '/open/user-cluster-add', def('2'))).data;
      let progress = 0;
      for (let polls = 0; polls < 500 && progress < 20; polls++) {
        progress = (await openCall({ url }, 'GET', '/open/user-cluster-refresh-progress?clusterId=' + id)).data.progress;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(progress >= 20 && progress < 100, 'killed in the middle, at ' + progress + '%');
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    const restarted = await startOpenApiCollector({ dataDir });
    try {
      assert.equal((await sqlValue(restarted, 'SELECT COUNT(*) FROM cluster_members WHERE cluster_id = ?', id)), 0, 'no half-done members');
      assert.notEqual((await restarted.openApi.runner.statusById(id)).state, 'idle', 'taken up again');
      await restarted.openApi.runner.idle();
      const after = await detail(restarted, id);
      assert.deepEqual([after.usersNum, after.progress, after.refreshState], [80, 100, 'idle']);
    } finally {
      await restarted.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('without TRACKLET_API_TOKEN the collector makes a token at first start, prints it, keeps it, and takes only it', async () => {
  const dataDir = tempDataDir();
  const env = { ...process.env };
  delete env.TRACKLET_API_TOKEN;
  try {
    const main = fileURLToPath(new URL('../../demo/collector/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--data', dataDir, '--quiet'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      // 30 s at most: starting tsx on a busy machine is slow.
      for (let waited = 0; !/open API token/.test(output) && child.exitCode === null && waited < 300; waited++) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    const printed = /open API token \(new; kept in .*open-api-token\): (\S+)/.exec(output)?.[1];
    assert.ok(printed && printed.length >= 32, output);
    assert.equal(readFileSync(join(dataDir, 'open-api-token'), 'utf8').trim(), printed);

    delete process.env.TRACKLET_API_TOKEN;
    const collector = await startTestCollector({ dataDir });
    try {
      assert.equal(collector.openApi.token.source, 'file');
      assert.equal(collector.openApi.token.value, printed, 'the same token after a restart');
      const list = (token: string) => openCall(collector, 'POST', '/open/user-cluster-list?token=' + token);
      assert.equal((await list(printed!)).return_code, 0);
      assert.equal((await list(TOKEN)).return_code, 401);
    } finally {
      await collector.stop();
    }
    const configured = await startTestCollector({ dataDir, openApi: { token: 'chosen' } });
    try {
      assert.equal(configured.openApi.token.source, 'environment');
      assert.equal((await openCall(configured, 'POST', '/open/user-cluster-list?token=chosen')).return_code, 0);
      assert.equal((await openCall(configured, 'POST', '/open/user-cluster-list?token=' + printed)).return_code, 401, 'the configured token wins over the kept one');
    } finally {
      await configured.stop();
    }
  } finally {
    process.env = env;
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an unknown TRACKLET_TIMEZONE stops the start with a clear error', async () => {
  const dataDir = tempDataDir();
  try {
    await assert.rejects(startOpenApiCollector({ dataDir, openApi: { timeZone: 'Mars/Olympus' } }), /TRACKLET_TIMEZONE: unknown time zone "Mars\/Olympus"/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
