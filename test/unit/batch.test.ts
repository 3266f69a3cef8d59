import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchLength, stampJson } from '../../src/transport/batch';

const events = (...sizes: number[]) => sizes.map((n) => ({ b: '{"x":"' + 'a'.repeat(n - 8) + '"}' }));

test('a batch takes up to maxCount events', () => {
  assert.equal(batchLength(events(100, 100, 100, 100, 100), 3, 1e6), 3);
  assert.equal(batchLength(events(100, 100), 50, 1e6), 2);
  assert.equal(batchLength([], 50, 1e6), 0);
});

test('a batch stays within maxBytes of JSON, stamps and separators included', () => {
  const list = events(1000, 1000, 1000, 1000);
  const n = batchLength(list, 50, 3100);
  assert.equal(n, 3);
  assert.ok(stampJson(list.slice(0, n), 1_700_000_000_000).length <= 3100);
  assert.ok(stampJson(list.slice(0, n + 1), 1_700_000_000_000).length > 3100);
});

test('the byte count is exact: a batch at the limit fits, one character over does not', () => {
  const list = events(500, 500);
  const exact = stampJson(list, 1_700_000_000_000).length;
  assert.equal(batchLength(list, 50, exact), 2);
  assert.equal(batchLength(list, 50, exact - 1), 1);
});

test('an event larger than maxBytes still goes, alone (the collector decides)', () => {
  assert.equal(batchLength(events(5000, 10), 50, 1000), 1);
});

test('splitting a queue drains it in order, every event exactly once', () => {
  const list = events(...Array.from({ length: 137 }, (_, i) => 20 + ((i * 37) % 400)));
  const batches: number[] = [];
  for (let rest = list.slice(); rest.length; ) batches.push(rest.splice(0, batchLength(rest, 10, 2000)).length);
  assert.equal(batches.reduce((a, b) => a + b, 0), 137);
  assert.ok(batches.every((n) => n >= 1 && n <= 10));
});

test('stampJson adds _flush_time to each event and makes a JSON array', () => {
  const json = stampJson([{ b: '{"event":"a"}' }, { b: '{"event":"b","n":[1]}' }], 42);
  assert.deepEqual(JSON.parse(json), [{ event: 'a', _flush_time: 42 }, { event: 'b', n: [1], _flush_time: 42 }]);
});
