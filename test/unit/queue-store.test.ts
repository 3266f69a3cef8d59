import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import type { QueuedEvent } from '../../src/queue/queue-store';

const event = (k: string, t = 1): QueuedEvent => ({ k, b: '{"k":"' + k + '"}', t, n: 0, o: 'tab' });

test('with neither IndexedDB nor localStorage (as here, in Node) the queue falls back to memory, never throwing', async () => {
  const queue = createQueueStore('tracklet_test');
  await queue.put([event('1'), event('2'), event('3')]);
  assert.deepEqual((await queue.all()).map((e) => e.k).sort(), ['1', '2', '3']);
  await queue.put([{ ...event('2'), s: 99 }]);
  assert.equal((await queue.all()).find((e) => e.k === '2')!.s, 99, 'a put rewrites the record');
  await queue.del(['1', '3']);
  assert.deepEqual((await queue.all()).map((e) => e.k), ['2']);
  await queue.clear();
  assert.deepEqual(await queue.all(), []);
});
