import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { postEvents, request, startTestCollector, trackEvent } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
  const b = fakeBrowser('viewer-cookie');
  await postEvents(collector, [b.track(), b.track('buy', { price: 5 }), b.login('jane'), b.track('buy', { price: 7 })]);
  await postEvents(collector, [trackEvent('someone-else'), { type: 'track', distinct_id: 'x' }]);
});
after(() => collector.stop());

const get = async (path: string) => {
  const answer = await request(collector.url + path);
  assert.equal(answer.status, 200, path);
  return answer.body as unknown as any;
};

test('serves the viewer page and its scripts', async () => {
  const page = await fetch(collector.url + '/');
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await page.text(), /<title>tracklet collector/);
  for (const file of ['viewer.js', 'dom.js', 'event-list.js', 'user-panel.js', 'viewer.css']) {
    assert.equal((await fetch(collector.url + '/' + file)).status, 200, file);
  }
});

test('does not serve files outside the viewer directory', async () => {
  for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/collector.ts', '/collector.ts', '/../schema.ts']) {
    assert.equal((await fetch(collector.url + path)).status, 404, path);
  }
});

test('lists events newest first, filtered by name, by user id and by any ID', async () => {
  const all = await get('/api/events');
  assert.equal(all.length, 5);
  assert.ok(all[0].id > all[1].id);
  const buys = await get('/api/events?event=buy');
  assert.deepEqual(buys.map((e: { event: string }) => e.event), ['buy', 'buy']);
  const jane = await get('/api/events?identity=jane');
  assert.equal(jane.length, 4, 'the login ID finds the whole history of that browser');
  assert.deepEqual(await get('/api/events?user=' + jane[0].user_id + '&event=$SignUp'), [jane.find((e: { event: string }) => e.event === '$SignUp')]);
  assert.deepEqual(await get('/api/events?identity=nobody-has-this'), []);
  assert.equal((await get('/api/events?limit=2')).length, 2);
  assert.deepEqual(await get('/api/events?before=' + all[3].id), all.slice(4));
});

test('shows one event with its full payload, users, event names, stats and rejects', async () => {
  const [latest] = await get('/api/events?limit=1');
  const detail = await get('/api/events/' + latest.id);
  assert.equal(detail.payload.distinct_id, latest.distinct_id);
  assert.deepEqual(detail.payload.lib, { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' });
  const names = await get('/api/event-names');
  assert.deepEqual(names.find((n: { event: string }) => n.event === 'buy'), { event: 'buy', count: 2 });
  const users = await get('/api/users');
  assert.equal(users.length, 2);
  assert.ok(users.some((u: { login: string | null }) => u.login === 'jane'));
  const [found] = await get('/api/users?identity=viewer-cookie');
  assert.equal(found.identities.length, 3);
  assert.deepEqual(await get('/api/stats'), { events: 5, users: 2, rejects: 1, items: 0 });
  const [reject] = await get('/api/rejects');
  assert.equal(reject.field, 'identities');
  assert.equal((await request(collector.url + '/api/events/999999')).status, 404);
  assert.equal((await request(collector.url + '/api/nothing')).status, 404);
  assert.equal((await request(collector.url + '/api/events', { method: 'POST' })).status, 405);
});

test('streams stored events and rejects to the viewer as server-sent events', async () => {
  const messages: string[] = [];
  const stream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = httpRequest(collector.url + '/api/stream', resolve);
    req.on('error', reject);
    req.end();
  });
  try {
    assert.equal(stream.headers['content-type'], 'text/event-stream; charset=utf-8');
    const received = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no stream message within 5 s: ' + messages.join(''))), 5000);
      stream.on('data', (chunk: Buffer) => {
        messages.push(chunk.toString());
        const text = messages.join('');
        if (text.includes('event: events') && text.includes('event: rejects')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const live = trackEvent('live-viewer', { event: 'liveOne' });
    await postEvents(collector, [live, { ...live, _track_id: 'bad' }]);
    await received;
    const text = messages.join('');
    const events = JSON.parse(/event: events\ndata: (.*)\n/.exec(text)![1]!);
    assert.equal(events[0].event, 'liveOne');
    assert.equal(events[0].track_id, live._track_id);
    assert.match(/event: rejects\ndata: (.*)\n/.exec(text)![1]!, /_track_id must be an integer/);
  } finally {
    stream.destroy();
  }
});
