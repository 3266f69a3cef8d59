import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRequest } from '../../demo/collector/decode';
import { stampJson } from '../../src/transport/batch';
import { base64Utf8, canGzip, encodeBody, formBody } from '../../src/transport/encode';
import { parseRetryAfter } from '../../src/transport/sender';

const event = (n: number, text = '') => ({
  identities: { $identity_cookie_id: 'c' },
  distinct_id: 'c',
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0' },
  properties: { n, text },
  type: 'track',
  event: 'e',
  time: 1,
  _track_id: n,
});
const decode = (body: string) => decodeRequest('POST', '/collect', 'application/x-www-form-urlencoded', Buffer.from(body));

test('base64Utf8 encodes UTF-8, not Latin-1', () => {
  assert.equal(base64Utf8('é'), Buffer.from('é').toString('base64'));
  assert.equal(base64Utf8('用户🎉'), Buffer.from('用户🎉').toString('base64'));
});

test('a batch round-trips through the wire format and is stamped with _flush_time', () => {
  const events = [event(1, '中文 & = + /'), event(2)];
  const body = formBody(base64Utf8(stampJson(events.map((e) => ({ b: JSON.stringify(e) })), 1234)), 0);
  assert.match(body, /^data_list=[A-Za-z0-9%]+&gzip=0$/);
  const decoded = decode(body);
  assert.equal(decoded.form, 'data_list');
  assert.deepEqual(decoded.events, events.map((e) => ({ ...e, _flush_time: 1234 })));
});

test('with gzip the body is gzip=1 and smaller, and decodes to the same events', async () => {
  const json = JSON.stringify(Array.from({ length: 50 }, (_, n) => event(n, 'repeated text '.repeat(5))));
  const [plain, zipped] = await Promise.all([encodeBody(json, false), encodeBody(json, true)]);
  assert.match(zipped, /&gzip=1$/);
  assert.ok(zipped.length < plain.length / 4, `gzip body ${zipped.length} vs plain ${plain.length}`);
  assert.deepEqual(decode(zipped).events, JSON.parse(json));
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3', 0), 3);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.equal(parseRetryAfter('soon', 0), undefined);
});

test('gzip is used only when asked for and the runtime has CompressionStream (else batches are sized for plain bodies)', async (t) => {
  // The dispatcher sizes batches by canGzip: a runtime without CompressionStream must not be
  // counted on to compress, or its plain batches would be cut for a gzipped size and refused (413).
  assert.equal(canGzip(true), true, 'Node 20 has CompressionStream');
  assert.equal(canGzip(false), false);
  const original = Object.getOwnPropertyDescriptor(globalThis, 'CompressionStream')!;
  delete (globalThis as { CompressionStream?: unknown }).CompressionStream;
  t.after(() => Object.defineProperty(globalThis, 'CompressionStream', original));
  assert.equal(canGzip(true), false);
  assert.match(await encodeBody('[{"event":"e"}]', true), /&gzip=0$/);
});
