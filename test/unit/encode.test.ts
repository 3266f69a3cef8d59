import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRequest } from '../../demo/collector/decode';
import { base64Utf8, encodeBatch } from '../../src/transport/encode';
import { chunksUnder } from '../../src/transport/dispatcher';
import { parseRetryAfter } from '../../src/transport/sender';
import type { Payload } from '../../src/types';

const event = (n: number, text = ''): Payload => ({
  identities: { $identity_cookie_id: 'c' },
  distinct_id: 'c',
  lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0' },
  properties: { n, text },
  type: 'track',
  event: 'e',
  time: 1,
  _track_id: n,
});

test('base64Utf8 encodes UTF-8, not Latin-1', () => {
  assert.equal(base64Utf8('é'), Buffer.from('é').toString('base64'));
  assert.equal(base64Utf8('用户🎉'), Buffer.from('用户🎉').toString('base64'));
});

test('a batch round-trips through the wire format and is stamped with _flush_time', () => {
  const body = encodeBatch([event(1, '中文 & = + /'), event(2)], 1234);
  assert.match(body, /^data_list=[A-Za-z0-9%]+&gzip=0$/);
  const decoded = decodeRequest('POST', '/collect', 'application/x-www-form-urlencoded', Buffer.from(body));
  assert.equal(decoded.events.length, 2);
  assert.deepEqual(decoded.events[0], { ...event(1, '中文 & = + /'), _flush_time: 1234 });
});

test('a large batch is split into bodies under the beacon limit, keeping every event in order', () => {
  const events = Array.from({ length: 200 }, (_, n) => event(n, 'x'.repeat(1000)));
  const chunks = chunksUnder(events, 60_000, 1);
  assert.ok(chunks.length > 1);
  for (const chunk of chunks) assert.ok(chunk.body.length <= 60_000);
  assert.deepEqual(chunks.flatMap((c) => c.events.map((e) => e._track_id)), events.map((e) => e._track_id));
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3', 0), 3);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.equal(parseRetryAfter('soon', 0), undefined);
});
