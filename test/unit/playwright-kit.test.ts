import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWire } from '../../src/playwright/decode';
import { nearest, partialMatch } from '../../src/playwright/match';
import { createRecorder } from '../../src/playwright/recorder';
import { stablePayloads } from '../../src/playwright/snapshot';
import { urlMatcher } from '../../src/playwright/url-match';
import { base64Utf8, encodeBody } from '../../src/transport/encode';
import type { Payload } from '../../src/types';

// The pure parts of tracklet/playwright; the fixture and matchers run for real in
// test/browser/playwright-kit.test.ts.

const payload = (event: string, properties: Record<string, unknown> = {}, extra: Partial<Payload> = {}): Payload => ({
  identities: { $identity_cookie_id: 'anon-1', $identity_anonymous_id: 'anon-1' },
  distinct_id: 'anon-1',
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
  properties,
  anonymous_id: 'anon-1',
  type: 'track',
  event,
  time: 1_700_000_000_000,
  _track_id: 1,
  ...extra,
});
const COLLECTOR = 'https://collect.example.com/sa';

test('decodeWire reads the SDK’s own plain and gzipped bodies and the GET form', async () => {
  const list = [payload('buy', { text: 'héllo ✓ 用户' }), payload('view', {}, { _track_id: 2 })];
  const plain = await decodeWire('POST', COLLECTOR, await encodeBody(JSON.stringify(list), false));
  assert.deepEqual(plain, { form: 'data_list', payloads: list });
  const gzipped = await decodeWire('POST', COLLECTOR, await encodeBody(JSON.stringify(list), true));
  assert.deepEqual(gzipped, { form: 'data_list_gzip', payloads: list });
  const get = await decodeWire('GET', COLLECTOR + '?data=' + encodeURIComponent(base64Utf8(JSON.stringify(list[0]))), undefined);
  assert.deepEqual(get, { form: 'data', payloads: [list[0]] });
  const postData = await decodeWire('POST', COLLECTOR, 'data=' + encodeURIComponent(base64Utf8(JSON.stringify(list[1]))) + '&gzip=0');
  assert.deepEqual(postData, { form: 'data', payloads: [list[1]] });
});

test('decodeWire tells other requests (undefined) from broken tracking requests (an error)', async () => {
  assert.equal(await decodeWire('POST', COLLECTOR, '{"query":"graphql"}'), undefined);
  assert.equal(await decodeWire('GET', 'https://site.example/search?q=data', undefined), undefined);
  const broken = (await decodeWire('POST', COLLECTOR, 'data_list=notbase64json&gzip=0')) as { error: string };
  assert.match(broken.error, /undecodable "data_list"/);
  const notPayloads = (await decodeWire('POST', COLLECTOR, 'data_list=' + encodeURIComponent(base64Utf8('[{"a":1}]')))) as { error: string };
  assert.match(notPayloads.error, /item 0 is not a tracklet payload/);
});

test('urlMatcher takes URLs, globs relative to baseURL, and RegExps, with or without the query', () => {
  assert.equal(urlMatcher('**/sa')(COLLECTOR + '?data=x'), true);
  assert.equal(urlMatcher('**/sa')('https://collect.example.com/sa/other'), false);
  assert.equal(urlMatcher('https://collect.example.com/*')(COLLECTOR), true);
  assert.equal(urlMatcher('/sa', 'https://collect.example.com/shop/')(COLLECTOR), true);
  assert.equal(urlMatcher('/sa', 'https://other.example/')(COLLECTOR), false);
  assert.equal(urlMatcher(/collect\.example\.com\/sa$/g)(COLLECTOR + '?gzip=1'), true);
});

test('partialMatch: subsets of objects, exact arrays and values, asymmetric matchers', () => {
  assert.equal(partialMatch({ price: 5, currency: 'EUR', cart: { items: 2, id: 'c' } }, { price: 5, cart: { items: 2 } }), true);
  assert.equal(partialMatch({ tags: ['a', 'b'] }, { tags: ['a'] }), false);
  assert.equal(partialMatch({ price: 5 }, { price: '5' }), false);
  assert.equal(partialMatch({ price: 5 }, { price: { asymmetricMatch: (v: unknown) => typeof v === 'number' } }), true);
  assert.equal(partialMatch({}, { missing: undefined }), false);
});

test('nearest puts the same event name first and names what differs', () => {
  const events = [payload('view'), payload('buy', { price: 4, currency: 'EUR' }), payload('buy', { price: 4, currency: 'USD' })] as (Payload & { event: string })[];
  const lines = nearest(events, 'buy', { price: 5, currency: 'EUR' });
  assert.equal(lines[0], '#2 "buy" {"price":4,"currency":"EUR"}  <- price: expected 5, received 4');
  assert.match(lines[1]!, /^#3 "buy" .*price: expected 5, received 4; currency: expected "EUR", received "USD"$/);
  assert.equal(lines[2], '#1 "view" {}');
});

test('stablePayloads keeps what the site chose and numbers what changes from run to run', () => {
  const first = payload('$pageview', { $url: 'http://127.0.0.1:41234/checkout', $session_id: 's-9', $screen_width: 1440, $timezone_offset: -60, time: 'kept: the site’s own' });
  const signUp = payload('$SignUp', { $session_id: 's-9' }, { distinct_id: 'u1', login_id: 'u1', original_id: 'anon-1', _track_id: 2, _flush_time: 5, identities: { $identity_cookie_id: 'anon-1', $identity_login_id: 'u1' } });
  const [a, b] = stablePayloads([first, signUp], { baseURL: 'http://127.0.0.1:41234/' });
  assert.deepEqual(a!.properties, { $url: '<baseURL>/checkout', $session_id: '<session 1>', $screen_width: '<screen>', $timezone_offset: '<timezone>', time: 'kept: the site’s own' });
  assert.equal(a!.distinct_id, '<id 1>');
  assert.equal('time' in a! || '_track_id' in a!, false);
  assert.deepEqual([b!.distinct_id, b!.original_id, b!.identities, '_flush_time' in b!], ['u1', '<id 1>', { $identity_cookie_id: '<id 1>', $identity_login_id: 'u1' }, false]);
  assert.equal((stablePayloads([first])[0]!.properties as Record<string, unknown>).$url, 'http://127.0.0.1:<port>/checkout');
  assert.deepEqual(stablePayloads([first, signUp], { types: ['$SignUp'] }).map((p) => p.event), ['$SignUp']);
});

test('the recorder accepts a _track_id once, plays faults, and lets other requests pass', async () => {
  const recorder = createRecorder();
  const body = await encodeBody(JSON.stringify([payload('buy')]), false);
  const request = { method: 'POST', url: COLLECTOR, body, origin: 'https://shop.example', via: 'route' as const };
  recorder.fail({ times: 1, retryAfter: 2 });
  const failed = await recorder.answer(request, false);
  assert.ok(failed !== 'drop' && failed?.status === 503 && failed.headers['Retry-After'] === '2');
  assert.equal(recorder.payloads.length, 0);
  const ok = await recorder.answer(request, false);
  assert.ok(ok !== 'drop' && ok?.status === 200 && ok.headers['Access-Control-Allow-Origin'] === 'https://shop.example');
  await recorder.answer(request, false);
  assert.deepEqual([recorder.payloads.length, recorder.events.length, recorder.duplicates.length, recorder.requests.map((r) => r.status)], [1, 1, 1, [503, 200, 200]]);
  recorder.setOffline(true);
  assert.equal(await recorder.answer(request, false), 'drop');
  recorder.recover();
  assert.equal(await recorder.answer({ ...request, body: 'q=1' }, false), undefined, 'not tracklet: passes on');
  const answered = await recorder.answer({ ...request, body: 'q=1' }, true);
  assert.ok(answered !== 'drop' && answered?.status === 400, 'at the collector URL: 400, as a collector would');
  recorder.clear();
  assert.deepEqual([recorder.payloads.length, recorder.requests.length], [0, 0]);
});
