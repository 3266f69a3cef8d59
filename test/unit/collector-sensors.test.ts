import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postEvents, request, startTestCollector, trackEvent, sqlValue } from './helpers/collector-server';

// Issue 16, item 8: what real Sensors clients send. Their SDK rewrites a server_url ending in
// /sa to /sa.gif, and its setItem / deleteItem send `item_set` / `item_delete` payloads
// (`{ type, item_type, item_id, properties, lib, time }`, no distinct_id): items are part of
// the Sensors data model, so the collector keeps them. test/browser/sensors-client.test.ts
// runs the real Sensors SDK against it.

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

const gifUrl = () => collector.ingestUrl + '.gif';
const item = (type: 'item_set' | 'item_delete', itemId: string, time: number, properties?: Record<string, unknown>) => ({
  type,
  item_type: 'book',
  item_id: itemId,
  ...(properties ? { properties } : {}),
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '1.27.11' },
  time,
});
const items = async (query = '') => (await request(collector.url + '/api/items' + query)).body as unknown as { item_type: string; item_id: string; properties: Record<string, unknown> }[];

test('/sa.gif is an ingest path too: GET ?data= answers the GIF, POST data_list stores', async () => {
  const viaGet = trackEvent('sensors-gif');
  const response = await fetch(gifUrl() + '?data=' + encodeURIComponent(Buffer.from(JSON.stringify(viaGet)).toString('base64')));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/gif');
  const viaPost = trackEvent('sensors-gif', { event: 'viaPost' });
  const answer = await postEvents({ ingestUrl: gifUrl() }, [viaPost]);
  assert.equal(answer.status, 200);
  for (const event of [viaGet, viaPost]) assert.equal((await sqlValue(collector, 'SELECT COUNT(*) FROM events WHERE track_id = ?', event._track_id)), 1);
  assert.equal((await request(collector.url + '/sa.gif.gif')).status, 404, 'only the one extra name');
});

test('item_set stores an item, a later item_set replaces its properties, item_delete removes it', async () => {
  const set = await postEvents(collector, [item('item_set', 'dune', 1000, { title: 'Dune', price: 9.5 }), item('item_set', 'emma', 1000, { title: 'Emma' })]);
  assert.equal(set.status, 200);
  assert.deepEqual([set.body.stored, set.body.rejectedCount], [2, 0]);
  assert.deepEqual((await items('?type=book')).map((i) => [i.item_id, i.properties]).sort(), [['dune', { title: 'Dune', price: 9.5 }], ['emma', { title: 'Emma' }]]);
  await postEvents(collector, [item('item_set', 'dune', 2000, { title: 'Dune', price: 7 })]);
  assert.deepEqual((await items()).find((i) => i.item_id === 'dune')?.properties, { title: 'Dune', price: 7 });
  const deleted = await postEvents(collector, [item('item_delete', 'dune', 3000)]);
  assert.equal(deleted.status, 200);
  assert.deepEqual((await items()).map((i) => i.item_id), ['emma']);
  assert.equal((await request(collector.url + '/api/stats')).body.items, 1);
  assert.equal((await sqlValue(collector, "SELECT COUNT(*) FROM events WHERE type LIKE 'item%'")), 0, 'items are not user events');
});

test('the latest client time wins: a retried older item_set does not bring a deleted item back', async () => {
  await postEvents(collector, [item('item_set', 'late', 5000, { v: 1 })]);
  await postEvents(collector, [item('item_delete', 'late', 6000)]);
  await postEvents(collector, [item('item_set', 'late', 5500, { v: 'stale' })]);
  assert.equal((await items()).some((i) => i.item_id === 'late'), false);
  await postEvents(collector, [item('item_set', 'late', 7000, { v: 2 })]);
  assert.deepEqual((await items()).find((i) => i.item_id === 'late')?.properties, { v: 2 });
});

test('a broken item is refused with a reason naming its field, like any event', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...item('item_set', 'x', 1), item_type: 'has space' }, /^item_type must be a name/],
    [{ ...item('item_set', 'x', 1), item_id: '' }, /^item_id must be a non-empty string/],
    [{ ...item('item_set', 'x', 1), item_id: 'i'.repeat(256) }, /at most 255 characters/],
    [{ ...item('item_set', 'x', 1), time: 'now' }, /^time must be a positive number/],
    [item('item_set', 'x', 1, { note: 'x'.repeat(9000) }), /properties.note is 9000 characters long/],
    [{ ...item('item_set', 'x', 1), properties: [1] }, /^properties must be a JSON object/],
  ];
  for (const [payload, reason] of cases) {
    const answer = await postEvents(collector, [payload]);
    assert.equal(answer.status, 400, JSON.stringify(payload).slice(0, 80));
    assert.match(String(answer.body.error), reason);
  }
});
