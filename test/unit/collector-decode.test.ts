import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeRequest, DecodeError, MAX_INFLATED_BYTES } from '../../demo/collector/decode';
import { dataListBody, trackEvent } from './helpers/collector-server';

const FORM = 'application/x-www-form-urlencoded';
const events = [trackEvent('c1', { properties: { city: 'Zürich 東京' } }), trackEvent('c2')];
const base64 = (value: unknown, gzip = false) => (gzip ? gzipSync(JSON.stringify(value)) : Buffer.from(JSON.stringify(value))).toString('base64');

test('decodes a POST data_list body with gzip=0, keeping UTF-8 intact', () => {
  const decoded = decodeRequest('POST', '/sa', FORM, Buffer.from(dataListBody(events)));
  assert.deepEqual(decoded, { events, dryRun: false, form: 'data_list' });
});

test('decodes a POST data_list body with gzip=1', () => {
  const decoded = decodeRequest('POST', '/sa', FORM, Buffer.from(dataListBody(events, true)));
  assert.deepEqual(decoded, { events, dryRun: false, form: 'data_list_gzip' });
});

test('decodes a sendBeacon body, which carries no or a plain-text content type', () => {
  assert.deepEqual(decodeRequest('POST', '/sa', '', Buffer.from(dataListBody(events))).events, events);
  assert.deepEqual(decodeRequest('POST', '/sa', 'text/plain;charset=UTF-8', Buffer.from(dataListBody(events))).events, events);
});

test('decodes the image send type: GET ?data=<base64 of one event>', () => {
  const url = '/sa?' + new URLSearchParams({ data: base64(events[0]) });
  assert.deepEqual(decodeRequest('GET', url, '', Buffer.alloc(0)), { events: [events[0]], dryRun: false, form: 'data' });
});

test('decodes ?data= whose "+" an unescaped query string turned into a space', () => {
  const encoded = base64({ ...events[0], properties: { text: '>>>???' } });
  assert.ok(encoded.includes('+'), 'the fixture must contain a "+"');
  const decoded = decodeRequest('GET', '/sa?data=' + encoded, '', Buffer.alloc(0));
  assert.deepEqual((decoded.events[0] as { properties: unknown }).properties, { text: '>>>???' });
});

test('decodes the image type\'s POST fallback: a form with one "data" field', () => {
  const body = new URLSearchParams({ data: base64(events[1]), gzip: '0' }).toString();
  assert.deepEqual(decodeRequest('POST', '/sa', FORM, Buffer.from(body)), { events: [events[1]], dryRun: false, form: 'data' });
});

test('decodes a plain JSON array body, and a single JSON object as a batch of one', () => {
  assert.deepEqual(decodeRequest('POST', '/sa', 'application/json', Buffer.from(JSON.stringify(events))), { events, dryRun: false, form: 'json' });
  assert.deepEqual(decodeRequest('POST', '/sa', '', Buffer.from(JSON.stringify(events[0]))).events, [events[0]]);
});

test('reads the debug marker from the query and from the form', () => {
  assert.equal(decodeRequest('POST', '/sa?debug=1', FORM, Buffer.from(dataListBody(events))).dryRun, true);
  assert.equal(decodeRequest('POST', '/sa', FORM, Buffer.from(dataListBody(events) + '&debug=1')).dryRun, true);
  assert.equal(decodeRequest('GET', '/sa?debug=1&data=' + base64(events[0]), '', Buffer.alloc(0)).dryRun, true);
  assert.equal(decodeRequest('POST', '/sa?debug=0', FORM, Buffer.from(dataListBody(events))).dryRun, false);
});

test('names what is malformed, with status 400', () => {
  const cases: [string, string, string, RegExp][] = [
    ['GET', '/sa', '', /"data" query parameter/],
    ['POST', '/sa', '', /body is empty/],
    ['POST', '/sa', 'other=1', /no "data_list" field/],
    ['POST', '/sa', 'data_list=' + Buffer.from('not json').toString('base64'), /not valid JSON/],
    ['POST', '/sa', 'data_list=' + base64({ a: 1 }), /must hold a JSON array/],
    ['POST', '/sa', 'data_list=' + base64(events) + '&gzip=1', /"data_list" is not valid gzip/],
    ['POST', '/sa', '[{"broken"', /not valid JSON/],
  ];
  for (const [method, url, body, message] of cases) {
    assert.throws(
      () => decodeRequest(method, url, FORM, Buffer.from(body)),
      (error: unknown) => error instanceof DecodeError && error.status === 400 && message.test(error.message),
      body,
    );
  }
});

test('refuses a gzip body that inflates beyond the limit with status 413', () => {
  const bomb = gzipSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024, 32)).toString('base64');
  assert.ok(bomb.length < 100_000, 'the bomb itself is small');
  assert.throws(
    () => decodeRequest('POST', '/sa', FORM, Buffer.from(new URLSearchParams({ data_list: bomb, gzip: '1' }).toString())),
    (error: unknown) => error instanceof DecodeError && error.status === 413 && /inflates to more than/.test(error.message),
  );
});
