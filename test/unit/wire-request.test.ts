import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { createRequest } from '../../src/transport/wire-request';
import { dispatcherSettings } from './helpers';

const batch = [{ b: '{"event":"a","_track_id":1}' }, { b: '{"event":"b","_track_id":2}' }];
const dataList = (body: string) => new URLSearchParams(body);
const events = (base64: string, gzip = false) => {
  const bytes = Buffer.from(base64, 'base64');
  return JSON.parse((gzip ? gunzipSync(bytes) : bytes).toString('utf8'));
};

test('a POST of data_list: the batch as one JSON array, each event stamped with the flush time', async () => {
  const [url, body] = await createRequest(dispatcherSettings({ serverUrl: 'http://127.0.0.1:9/sa' }))(batch, 1234);
  assert.equal(url, 'http://127.0.0.1:9/sa');
  const form = dataList(body!);
  assert.equal(form.get('gzip'), '0');
  assert.deepEqual(events(form.get('data_list')!), [{ event: 'a', _track_id: 1, _flush_time: 1234 }, { event: 'b', _track_id: 2, _flush_time: 1234 }]);
});

test('with gzip, data_list is the gzip of that JSON where the runtime can compress', async () => {
  const [, body] = await createRequest(dispatcherSettings({ gzip: true }))(batch, 1);
  const form = dataList(body!);
  if (form.get('gzip') === '1') assert.equal(events(form.get('data_list')!, true).length, 2);
  else assert.equal(events(form.get('data_list')!).length, 2, 'no CompressionStream: plain');
});

test('the image send type is a GET ?data= of the one event, & when the URL has a query, and a POST when too long', async () => {
  const image = (serverUrl: string) => createRequest(dispatcherSettings({ sendType: 'image', serverUrl }));
  const [get, none] = await image('http://127.0.0.1:9/sa.gif')([batch[0]!], 77);
  assert.equal(none, undefined, 'no body');
  const url = new URL(get);
  assert.equal(url.pathname, '/sa.gif');
  assert.deepEqual(events(url.searchParams.get('data')!), { event: 'a', _track_id: 1, _flush_time: 77 });
  const [withQuery] = await image('http://127.0.0.1:9/sa.gif?project=p')([batch[0]!], 77);
  assert.match(withQuery, /\?project=p&data=/);
  const long = [{ b: JSON.stringify({ event: 'a', text: 'x'.repeat(1500) }) }];
  const [postUrl, body] = await image('http://127.0.0.1:9/sa.gif')(long, 77);
  assert.equal(postUrl, 'http://127.0.0.1:9/sa.gif');
  assert.equal(events(dataList(body!).get('data_list')!)[0].text.length, 1500, 'over 2,000 characters of URL: a POST');
  // Right at the limit: the longest GET still sent as a GET.
  for (let n = 1000; n < 1500; n++) {
    const [target, post] = await image('http://127.0.0.1:9/s')([{ b: JSON.stringify({ t: 'x'.repeat(n) }) }], 1);
    if (post) {
      const [previous] = await image('http://127.0.0.1:9/s')([{ b: JSON.stringify({ t: 'x'.repeat(n - 1) }) }], 1);
      assert.ok(previous.length <= 2000 && previous.length > 1990, 'the longest GET is just under 2,000 characters: ' + previous.length);
      return;
    }
    assert.ok(target.length <= 2000);
  }
  assert.fail('no POST below 1,500 characters');
});
