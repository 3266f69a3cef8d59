import assert from 'node:assert/strict';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { openPostgresDatabase } from '../../demo/collector/postgres-database';
import { spawnCollector } from '../../demo/collector/spawn-collector';
import { postEvents, startTestCollector, tempDataDir, testDatabaseUrl, trackEvent } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { canonicalState, manyBrowsers, sendAll } from '../unit/helpers/many-browsers';

// Several collector processes on one PostgreSQL database must store what one collector stores:
// the same users, the same merges, no lost increment, no event twice, nothing acknowledged
// lost when one of them is killed. The collectors run as processes of their own (as behind a
// load balancer); the PostgreSQL server is the run's (TRACKLET_TEST_POSTGRES_URL) or one this
// file starts.

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function collectorProcess(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const dir = tempDataDir();
  dirs.push(dir);
  const spawned = await spawnCollector(dir, ['--database', databaseUrl]);
  children.push(spawned.child);
  return spawned;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

test('two collector processes on one PostgreSQL end as one SQLite collector does, from the same interleaved browsers', async () => {
  const accounts = 12;
  const devices = 4;
  const scripts = manyBrowsers(accounts, devices, 16);
  const eventCount = scripts.flat(2).length;

  const single = await startTestCollector({ databaseUrl: '' });
  let expected;
  try {
    assert.equal(single.database.dialect, 'sqlite');
    const sent = await sendAll(scripts, [single.ingestUrl]);
    assert.equal(sent.acknowledged, eventCount);
    expected = await canonicalState(single.database);
  } finally {
    await single.stop();
  }

  const databaseUrl = await testDatabaseUrl(tempDataDir());
  const [a, b] = await Promise.all([collectorProcess(databaseUrl), collectorProcess(databaseUrl)]);
  const sent = await sendAll(scripts, [a.url + '/sa', b.url + '/sa']);
  await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
  assert.equal(sent.acknowledged, eventCount);
  assert.ok(sent.duplicatesAnswered > 0, 'some batches were sent twice, to the other collector');

  const database = await openPostgresDatabase(databaseUrl);
  try {
    const actual = await canonicalState(database);
    assert.equal(actual.events, eventCount, 'every event once: no duplicate, none lost');
    assert.equal(actual.retired, accounts * (devices - 1), 'each account absorbed its other devices\' anonymous users');
    assert.deepEqual(actual, expected, 'the same users, IDs, events and profiles as one SQLite collector');
    // The order-independent facts, stated outright as well.
    for (let account = 0; account < accounts; account++) {
      const users = actual.users.map((text) => JSON.parse(text) as { ids: string[]; profile: Record<string, unknown> }).filter((user) => user.ids.includes('$identity_login_id=acct-' + account));
      assert.equal(users.length, 1, 'acct-' + account + ' is one user');
      const [user] = users;
      assert.deepEqual(user!.profile, { devices: Array.from({ length: devices }, (_, d) => 'device-' + d), plan: 'free', spent: 10 * devices, visits: 3 * devices }, 'no lost increment or append');
      assert.ok(!user!.ids.some((id) => id.startsWith('$identity_mobile=')), 'the unbound phone number is gone');
      assert.equal(user!.ids.filter((id) => id.startsWith('$identity_cookie_id=')).length, devices, 'every device joined');
    }
  } finally {
    await database.close();
  }
});

test('kill -9 of one of two collectors under load loses nothing acknowledged; restarted, it carries on', async () => {
  const databaseUrl = await testDatabaseUrl(tempDataDir());
  const live: ({ url: string; child: ChildProcess } | undefined)[] = await Promise.all([collectorProcess(databaseUrl), collectorProcess(databaseUrl)]);
  const acknowledged = new Set<string>();
  const browsers = 24;
  const batchesPerBrowser = 12;
  const total = browsers * batchesPerBrowser;
  let answered = 0;
  let retries = 0;
  let killedAt = -1;
  let killNext = false;
  let restartedAt = -1;
  const events = (browser: number, batch: number) => Array.from({ length: 20 }, (_, i) => trackEvent('kill-' + browser, { event: 'e' + batch + '_' + i }));

  async function deliver(batch: Record<string, unknown>[], start: number): Promise<void> {
    // A browser whose request fails sends the same batch again, to whichever collector answers.
    for (let attempt = 0; attempt < 40; attempt++) {
      const candidates = live.filter((entry) => entry !== undefined);
      const target = candidates[(start + attempt) % candidates.length]!;
      let answer;
      try {
        const sending = postEvents({ ingestUrl: target.url + '/sa' }, batch);
        if (killNext && target === live[0]) {
          // Mid-load: this request (and others) is in flight when the process dies.
          killNext = false;
          killedAt = answered;
          live[0] = undefined;
          setTimeout(() => target.child.kill('SIGKILL'), 3);
        }
        answer = await sending;
      } catch {
        // Connection refused or reset: that collector is gone.
      }
      if (answer?.status === 200) {
        assert.equal((answer.body.stored as number) + (answer.body.duplicates as number), batch.length);
        for (const event of batch) acknowledged.add(event._track_id + ' ' + event.distinct_id);
        return;
      }
      if (answer && answer.status < 500) throw new Error('refused: ' + answer.status + ' ' + JSON.stringify(answer.body));
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('a batch found no collector in 40 attempts');
  }

  await Promise.all(
    Array.from({ length: browsers }, async (_, browser) => {
      for (let batch = 0; batch < batchesPerBrowser; batch++) {
        await deliver(events(browser, batch), browser + batch);
        answered++;
        if (answered === Math.floor(total / 3)) killNext = true;
        if (answered === Math.floor((2 * total) / 3)) {
          restartedAt = answered;
          live[0] = await collectorProcess(databaseUrl);
        }
      }
    }),
  );
  assert.ok(killedAt > 0 && restartedAt > killedAt, 'killed at ' + killedAt + ', restarted at ' + restartedAt);
  assert.ok(retries > 0, 'a request was cut by the kill and sent again');
  await Promise.all(live.map((entry) => entry && stopProcess(entry.child)));

  const database = await openPostgresDatabase(databaseUrl);
  try {
    const stored = new Set((await database.query<{ key: string }>("SELECT track_id || ' ' || distinct_id AS key FROM events")).map((row) => row.key));
    assert.equal(acknowledged.size, total * 20);
    const lost = [...acknowledged].filter((key) => !stored.has(key));
    assert.deepEqual(lost, [], 'every acknowledged event is stored');
    assert.equal(stored.size, total * 20, 'and nothing twice (retried batches were de-duplicated)');
    assert.equal((await database.query<{ n: number }>('SELECT COUNT(*) AS n FROM events'))[0]!.n, total * 20);
    assert.equal((await database.query<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE merged_into IS NULL'))[0]!.n, browsers, 'one user per browser');
  } finally {
    await database.close();
  }
  console.log(`# kill -9 test: ${total} batches of 20 acknowledged, ${retries} retried after the kill`);
});

test('the live feed of one collector shows what another collector on the same PostgreSQL stored (LISTEN/NOTIFY)', async () => {
  const databaseUrl = await testDatabaseUrl(tempDataDir());
  const [a, b] = await Promise.all([collectorProcess(databaseUrl), collectorProcess(databaseUrl)]);
  let text = '';
  const stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(a.url + '/api/stream', resolve);
    req.on('error', reject);
    req.end();
  });
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  try {
    // The first bytes (`retry:`) say the stream is attached; then B stores a batch.
    for (let waited = 0; !text.includes('retry:') && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    const browser = fakeBrowser('feed-across');
    const view = browser.track();
    const big = Array.from({ length: 120 }, () => browser.track('many', { $url_path: '/' + 'p'.repeat(300) }));
    assert.equal((await postEvents({ ingestUrl: b.url + '/sa' }, [view, browser.login('feed-user'), ...big])).status, 200);
    for (let waited = 0; !(text.includes(String(view._track_id)) && countOf(text, '"event":"many"') === big.length) && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(text.includes('event: events') && text.includes(String(view._track_id)), 'A\'s viewers see the event B stored');
    assert.equal(countOf(text, '"event":"many"'), big.length, 'a batch larger than one NOTIFY payload arrives whole, in parts');
  } finally {
    stream.destroy();
    await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
  }
});

test('refused events with their kept payloads reach the viewers of another collector: parts of one request add up to one message', async () => {
  const databaseUrl = await testDatabaseUrl(tempDataDir());
  const [a, b] = await Promise.all([collectorProcess(databaseUrl), collectorProcess(databaseUrl)]);
  let text = '';
  const stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(a.url + '/api/stream', resolve);
    req.on('error', reject);
    req.end();
  });
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const messages = () => [...text.matchAll(/^event: rejects\ndata: (.*)$/gm)].map((match) => JSON.parse(match[1]!) as { rejects: { reason: string; payload: string }[]; count: number });
  try {
    for (let waited = 0; !text.includes('retry:') && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    const browser = fakeBrowser('rejects-across');
    // 25 refused events of ~3 KB each (quotes double in JSON): far more than one 8000-byte NOTIFY.
    const refused = Array.from({ length: 25 }, (_, i) => ({ ...browser.track('refused' + i, { blob: '"q'.repeat(1500) }), type: 'no_such_type' }));
    await postEvents({ ingestUrl: b.url + '/sa' }, refused);
    for (let waited = 0; messages().reduce((sum, m) => sum + m.count, 0) < refused.length && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    const parts = messages();
    assert.ok(parts.length > 1, 'sent in parts: ' + parts.length);
    assert.equal(parts.reduce((sum, m) => sum + m.count, 0), refused.length, 'the counts add up to the refused events of the request');
    const listed = parts.flatMap((m) => m.rejects);
    assert.equal(listed.length, 20, 'the first 20 are listed (LIMITS.rejectsListed)');
    // Each with its kept payload, in request order; one too large for a NOTIFY is cut (to 500 characters and '…').
    listed.forEach((reject, i) => assert.ok(reject.payload.length >= 500 && JSON.stringify(refused[i]).startsWith(reject.payload.replace(/…$/, '')), 'payload of refused event ' + i));
    assert.ok(parts[0]!.count > parts[0]!.rejects.length && parts.slice(1).every((m) => m.count === m.rejects.length), 'the first part carries the unlisted ones');
  } finally {
    stream.destroy();
    await Promise.all([stopProcess(a.child), stopProcess(b.child)]);
  }
});

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}
