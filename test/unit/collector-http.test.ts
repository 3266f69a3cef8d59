import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { postEvents, request, sqlValue, startTestCollector, trackEvent } from './helpers/collector-server';

let collector: Awaited<ReturnType<typeof startTestCollector>>;
const SMALL_LIMIT = 64 * 1024;
before(async () => {
  collector = await startTestCollector({ maxBodyBytes: SMALL_LIMIT });
});
after(() => collector.stop());

const count = async (sql: string, ...args: unknown[]) => (await sqlValue<number>(collector, sql, ...args))!;
const stored = (trackId: unknown) => count('SELECT COUNT(*) FROM events WHERE track_id = ?', trackId);

test('listens on 127.0.0.1 only', () => {
  assert.match(collector.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('stores a POST data_list batch (gzip=0) and answers 200 with counts', async () => {
  const events = [trackEvent('h1'), trackEvent('h1', { event: 'buy' })];
  const answer = await postEvents(collector, events);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, { ok: true, form: 'data_list', received: 2, stored: 2, duplicates: 0, dryRun: false, rejected: [], rejectedCount: 0 });
  for (const event of events) assert.equal(await stored(event._track_id), 1);
});

test('stores a gzip=1 batch', async () => {
  const event = trackEvent('h2');
  const answer = await postEvents(collector, [event], { gzip: true });
  assert.equal(answer.body.form, 'data_list_gzip');
  assert.equal(await stored(event._track_id), 1);
});

test('stores a GET ?data= event and answers with a 1x1 GIF', async () => {
  const event = trackEvent('h3');
  const response = await fetch(collector.ingestUrl + '?data=' + encodeURIComponent(Buffer.from(JSON.stringify(event)).toString('base64')));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/gif');
  assert.equal(Buffer.from(await response.arrayBuffer()).subarray(0, 6).toString(), 'GIF89a');
  assert.equal(await stored(event._track_id), 1);
});

test('stores a plain JSON array and a beacon body without content type', async () => {
  const [a, b] = [trackEvent('h4'), trackEvent('h4', { event: 'beaconed' })];
  const json = await request(collector.ingestUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([a]) });
  assert.equal(json.status, 200);
  const beacon = await request(collector.ingestUrl, { method: 'POST', body: new Blob([new URLSearchParams({ data_list: Buffer.from(JSON.stringify([b])).toString('base64'), gzip: '0' }).toString()]) });
  assert.equal(beacon.status, 200);
  assert.equal((await stored(a._track_id)) + (await stored(b._track_id)), 2);
});

test('answers a CORS preflight and echoes the Origin on answers', async () => {
  const preflight = await request(collector.ingestUrl, {
    method: 'OPTIONS',
    headers: { Origin: 'http://shop.test:8107', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://shop.test:8107');
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type');
  assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
  const answer = await postEvents(collector, [trackEvent('h5')], { origin: 'http://shop.test:8107' });
  assert.equal(answer.headers.get('access-control-allow-origin'), 'http://shop.test:8107');
  assert.match(answer.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  assert.match(answer.headers.get('vary') ?? '', /Origin/);
  const refused = await postEvents(collector, [{ type: 'track' }], { origin: 'http://shop.test:8107' });
  assert.equal(refused.headers.get('access-control-allow-origin'), 'http://shop.test:8107', 'errors are readable across origins too');
});

test('answers 400 naming the broken field, and stores nothing', async () => {
  const event = trackEvent('h6', { distinct_id: '' });
  const answer = await postEvents(collector, [event]);
  assert.equal(answer.status, 400);
  assert.match(String(answer.body.error), /^distinct_id must be a non-empty string/);
  assert.equal(await stored(event._track_id), 0);
  const malformed = await request(collector.ingestUrl, { method: 'POST', body: 'data_list=!!!', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(malformed.status, 400);
  assert.match(String(malformed.body.error), /not valid JSON/);
  const empty = await postEvents(collector, []);
  assert.equal(empty.status, 400);
  assert.match(String(empty.body.error), /no events/);
});

test('keeps the good events of a batch with a bad one, reports the bad one, answers 200', async () => {
  const good = [trackEvent('h7'), trackEvent('h7', { event: 'ok2' })];
  const bad = trackEvent('h7', { time: 'yesterday' });
  const answer = await postEvents(collector, [good[0], bad, good[1]]);
  assert.equal(answer.status, 200);
  assert.equal(answer.body.stored, 2);
  assert.deepEqual(answer.body.rejected, [{ index: 1, field: 'time', reason: 'time must be a positive number of milliseconds; got "yesterday"' }]);
  for (const event of good) assert.equal(await stored(event._track_id), 1);
  const rejects = (await request(collector.url + '/api/rejects')).body as unknown as { field: string; payload: string }[];
  assert.ok(rejects.some((row) => row.field === 'time' && row.payload.includes('"yesterday"')), 'the viewer API lists the refused event');
});

test('answers 413 above the body limit, announced or streamed', async () => {
  const big = 'data_list=' + 'A'.repeat(SMALL_LIMIT + 10) + '&gzip=0';
  const announced = await request(collector.ingestUrl, { method: 'POST', body: big, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(announced.status, 413);
  const streamed = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(collector.ingestUrl, { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    for (let i = 0; i < 10; i++) req.write('A'.repeat(SMALL_LIMIT / 4));
    req.end();
  });
  assert.equal(streamed, 413);
});

test('answers 405 for other methods', async () => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const answer = await request(collector.ingestUrl, { method });
    assert.equal(answer.status, 405, method);
    assert.equal(answer.headers.get('allow'), 'GET, POST, OPTIONS');
  }
});

test('stores a re-sent event once and still answers 2xx', async () => {
  const events = [trackEvent('h8'), trackEvent('h8', { event: 'again' })];
  const first = await postEvents(collector, events);
  const second = await postEvents(collector, events, { gzip: true });
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  assert.equal(second.body.stored, 0);
  assert.equal(second.body.duplicates, 2);
  const twiceInOneBatch = trackEvent('h8');
  const third = await postEvents(collector, [twiceInOneBatch, twiceInOneBatch]);
  assert.deepEqual([third.body.stored, third.body.duplicates], [1, 1]);
  for (const event of [...events, twiceInOneBatch]) assert.equal(await stored(event._track_id), 1);
});

test('the same _track_id from another distinct_id is another event', async () => {
  const a = trackEvent('h9a');
  const b = trackEvent('h9b', { _track_id: a._track_id });
  await postEvents(collector, [a, b]);
  assert.equal(await stored(a._track_id), 2);
});

test('debug=1 validates and answers but stores nothing', async () => {
  const event = trackEvent('h10');
  const byQuery = await postEvents(collector, [event], { query: '?debug=1' });
  assert.equal(byQuery.status, 200);
  assert.deepEqual([byQuery.body.dryRun, byQuery.body.stored], [true, 0]);
  const body = new URLSearchParams({ data_list: Buffer.from(JSON.stringify([event])).toString('base64'), gzip: '0', debug: '1' }).toString();
  const byForm = await request(collector.ingestUrl, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(byForm.body.dryRun, true);
  const invalid = await postEvents(collector, [{ ...event, time: null }], { query: '?debug=1' });
  assert.equal(invalid.status, 400, 'debug mode still reports invalid events');
  assert.equal(await stored(event._track_id), 0);
  assert.equal(await count('SELECT COUNT(*) FROM users u JOIN identity_links l ON l.user_id = u.id WHERE l.value = ?', 'h10'), 0, 'no identity side effects');
  assert.equal(await count("SELECT COUNT(*) FROM rejects WHERE payload LIKE '%h10%'"), 0, 'debug rejects are not kept');
});

test('a gzip bomb is refused with 413', async () => {
  const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)).toString('base64');
  const answer = await request(collector.ingestUrl, { method: 'POST', body: new URLSearchParams({ data_list: bomb, gzip: '1' }).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(answer.status, 413);
});
