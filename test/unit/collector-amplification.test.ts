import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { LIMITS } from '../../demo/collector/limits';
import { postEvents, request, startTestCollector, trackEvent, sqlValue } from './helpers/collector-server';

// Issue 16, item 1: what one request can make the collector do is bounded. Each test replays
// an attack from the hardening review and checks the bounded result (the times before and
// after are in docs/collector-hardening.md, from bench/collector/attacks.ts).

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const rejectRows = async () => (await sqlValue(collector, 'SELECT COUNT(*) FROM rejects')) as number;
const zeros = (count: number) => '[' + '0,'.repeat(count - 1) + '0]';
const post = (body: string) => request(collector.ingestUrl, { method: 'POST', headers: FORM, body });

/** Opens the live stream and collects what it sends until `stop()`. */
async function listen(): Promise<{ text(): string; stop(): void }> {
  let text = '';
  const stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(collector.url + '/api/stream', resolve);
    req.on('error', reject);
    req.end();
  });
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text, stop: () => stream.destroy() };
}

test('the 2.6 KB gzip bomb of 1,000,000 `0`s is refused with 413, storing and publishing nothing', async () => {
  const body = new URLSearchParams({ data_list: gzipSync(zeros(1_000_000)).toString('base64'), gzip: '1' }).toString();
  assert.ok(body.length < 3000, 'the body is ' + body.length + ' bytes');
  const rowsBefore = await rejectRows();
  const stream = await listen();
  const answer = await post(body);
  assert.equal(answer.status, 413);
  assert.match(String(answer.body.error), /inflates to more than 1048576 bytes/);
  assert.ok(Number(answer.headers.get('content-length')) < 300, 'a short answer, not 72 MB');
  assert.equal(await rejectRows(), rowsBefore, 'no reject rows (it stored 1,000,000)');
  await new Promise((resolve) => setTimeout(resolve, 200));
  stream.stop();
  assert.doesNotMatch(stream.text(), /event: rejects/);
});

test('more events than the SDK ever sends in one request is a 413, gzip or not', async () => {
  const plain = await post(new URLSearchParams({ data_list: Buffer.from(zeros(LIMITS.eventsPerRequest + 1)).toString('base64'), gzip: '0' }).toString());
  assert.equal(plain.status, 413);
  assert.match(String(plain.body.error), /holds 501 events; at most 500 per request/);
  const json = await request(collector.ingestUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: zeros(200_000) });
  assert.equal(json.status, 413, 'a plain JSON body of 200,000 events');
  const full = await postEvents(collector, Array.from({ length: LIMITS.eventsPerRequest }, () => trackEvent('full-batch')), { gzip: true });
  assert.equal(full.status, 200);
  assert.equal(full.body.stored, 500, 'the SDK\'s largest batch is stored whole');
});

test('a batch of 500 invalid events stores, answers and publishes only the first 20 plus a count', async () => {
  const stream = await listen();
  const rowsBefore = await rejectRows();
  const answer = await postEvents(collector, Array.from({ length: 500 }, () => 0), { gzip: true });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.rejectedCount, 500);
  const rejected = answer.body.rejected as { index: number; reason: string }[];
  assert.deepEqual(rejected.map((r) => r.index), Array.from({ length: 20 }, (_, i) => i));
  assert.match(String(answer.body.error), /each event must be a JSON object \(and 499 more refused events\)/);
  assert.ok(Number(answer.headers.get('content-length')) < 4000, 'answer of ' + answer.headers.get('content-length') + ' bytes');
  assert.equal((await rejectRows()) - rowsBefore, 20);
  const stats = (await request(collector.url + '/api/stats')).body;
  assert.ok(Number(stats.rejects) >= 500, 'the total counts every refused event: ' + stats.rejects);
  for (let tries = 0; tries < 50 && !stream.text().includes('event: rejects'); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  stream.stop();
  const message = JSON.parse(/event: rejects\ndata: (.*)\n/.exec(stream.text())![1]!);
  assert.equal(message.count, 500);
  assert.equal(message.rejects.length, 20);
});

test('a batch with good and bad events keeps the good ones and lists the bad ones', async () => {
  const good = trackEvent('mixed');
  const answer = await postEvents(collector, [0, good, 0]);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.stored, 1);
  assert.deepEqual([answer.body.rejectedCount, (answer.body.rejected as { index: number }[]).map((r) => r.index)], [2, [0, 2]]);
});

test('the rejects table keeps its newest 5,000 rows, and /api/stats still counts them all', { timeout: 120_000 }, async () => {
  const requests = Math.ceil(LIMITS.rejectRowsKept / LIMITS.rejectsListed) + 5;
  const before = Number((await request(collector.url + '/api/stats')).body.rejects);
  for (let i = 0; i < requests; i++) {
    const answer = await postEvents(collector, Array.from({ length: 40 }, (_, j) => ({ type: 'track', marker: 'r' + i + '-' + j })));
    assert.equal(answer.status, 400);
  }
  assert.equal(await rejectRows(), LIMITS.rejectRowsKept);
  const newest = (await sqlValue(collector, 'SELECT payload FROM rejects ORDER BY id DESC LIMIT 1')) as string;
  assert.match(newest, new RegExp('"r' + (requests - 1) + '-19"'), 'the last request\'s rows are kept');
  const oldest = (await sqlValue(collector, 'SELECT payload FROM rejects ORDER BY id LIMIT 1')) as string;
  assert.match(oldest, /"r5-0"/, 'the first requests\' rows went');
  const stats = (await request(collector.url + '/api/stats')).body;
  assert.equal(stats.rejects, before + requests * 40);
  if (collector.database.dialect === 'sqlite') {
    // SQLite's plan text; on PostgreSQL the counters table is a primary-key table of one row too (postgres-schema.ts).
    const plan = collector.db.prepare("EXPLAIN QUERY PLAN SELECT value FROM counters WHERE name = 'rejected'").all() as { detail: string }[];
    assert.match(plan[0]!.detail, /USING PRIMARY KEY/, 'the total is one key lookup, not a scan of the rejects');
  }
  assert.equal(((await request(collector.url + '/api/rejects?limit=1000')).body as unknown as unknown[]).length, 500, 'the API pages at most 500');
});

test('JSON nested 5,000 deep is a 400 (it was a 500 that lost the batch), and 20 deep passes', async () => {
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const body = '[' + JSON.stringify(trackEvent('deep')) + ',' + JSON.stringify(trackEvent('deep', { properties: { deep: 0 } })).replace('"deep":0', '"deep":' + deep) + ']';
  const answer = await post(new URLSearchParams({ data_list: gzipSync(body).toString('base64'), gzip: '1' }).toString());
  assert.equal(answer.status, 400);
  assert.match(String(answer.body.error), /nests arrays and objects deeper than 20 levels/);
  const ok = await postEvents(collector, [trackEvent('deep', { properties: { list: ['a'] }, lib: { nested: { a: { b: { c: { d: {} } } } } } })]);
  assert.equal(ok.status, 200);
  const braceInString = await postEvents(collector, [trackEvent('deep', { properties: { text: '['.repeat(100) + '{'.repeat(100) } })]);
  assert.equal(braceInString.status, 200, 'brackets inside strings do not count');
});

test('the documented limits on properties, identities and string sizes are enforced', async () => {
  const hundredThousand = await postEvents(collector, [trackEvent('sizes', { properties: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => ['p' + i, 1])) })], { gzip: true });
  assert.equal(hundredThousand.status, 413, '100,000 properties (1.2 MB of JSON) pass the inflated-size limit no more');
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['1,000 properties', { properties: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => ['p' + i, 1])) }, /properties holds 1000 keys; at most 500/],
    ['10,000 identities', { identities: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => ['$identity_k' + i, 'v' + i])) }, /identities holds 10000 IDs; at most 100/],
    ['a 500,000-character value', { properties: { note: 'x'.repeat(500_000) } }, /properties.note is 500000 characters long; at most 8192/],
    ['a list of 1,000 items', { properties: { tags: Array.from({ length: 1000 }, () => 't') } }, /properties.tags holds 1000 items; at most 500/],
    ['a long string in a list', { properties: { tags: ['x'.repeat(9000)] } }, /properties.tags is 9000 characters long/],
    ['a 300-character ID', { identities: { $identity_cookie_id: 'c'.repeat(300) } }, /at most 255 characters/],
  ];
  for (const [what, overrides, reason] of cases) {
    const event = trackEvent('sizes', overrides);
    const answer = await postEvents(collector, [event], { gzip: true });
    assert.equal(answer.status, 400, what);
    assert.match(String(answer.body.error), reason, what);
    assert.equal((await sqlValue(collector, 'SELECT COUNT(*) FROM events WHERE track_id = ?', event._track_id)), 0, what);
  }
  const atLimits = trackEvent('sizes', {
    properties: Object.fromEntries(Array.from({ length: 500 }, (_, i) => ['p' + i, i === 0 ? 'x'.repeat(8192) : i === 1 ? Array(500).fill('t') : i])),
    identities: Object.fromEntries(Array.from({ length: 100 }, (_, i) => ['$identity_k' + i, 'v' + i])),
  });
  assert.equal((await postEvents(collector, [atLimits], { gzip: true })).status, 200, 'exactly at every limit passes');
});
