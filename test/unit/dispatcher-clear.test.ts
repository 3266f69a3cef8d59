import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { createDispatcher } from '../../src/transport/dispatcher';
import type { Sender } from '../../src/transport/sender';
import type { Payload } from '../../src/types';
import { dispatcherSettings, fakeSender, recorder } from './helpers';

const settings = dispatcherSettings();
let trackId = 0;
const event = () => ({ event: 'e', time: Date.now(), _track_id: ++trackId, properties: {} }) as unknown as Payload;

const create = (sender: Sender) =>
  createDispatcher(settings, { sender, store: createQueueStore('tracklet_test'), lock: (task) => task(), tab: 't', report: recorder() });
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

test('clear() forgets queued events: a later flush and the interval timer send nothing', async () => {
  const fake = fakeSender();
  const dispatcher = create(fake.sender);
  dispatcher.enqueue(event());
  dispatcher.enqueue(event());
  await dispatcher.clear();
  await dispatcher.flush();
  await tick(40);
  assert.deepEqual(fake.bodies, []);
});

test('a batch in flight when clear() is called is not retried when it fails', async () => {
  const fake = fakeSender();
  const dispatcher = create(fake.sender);
  dispatcher.enqueue(event(), true);
  for (let i = 0; i < 50 && !fake.bodies.length; i++) await tick(5);
  assert.equal(fake.bodies.length, 1, 'the urgent event was sent');
  await dispatcher.clear();
  fake.answer({ ok: false, status: 503 });
  await tick(60); // past the 10-20 ms retry delay
  await dispatcher.flush();
  assert.equal(fake.bodies.length, 1, 'the failed batch was not retried');
});
