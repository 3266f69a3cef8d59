import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { createDispatcher } from '../../src/transport/dispatcher';
import type { Payload } from '../../src/types';
import { dispatcherSettings, fakeSender, recorder } from './helpers';

// Events of about 1 KB of JSON: the page keeps about 60 of them in memory for its page-hide send.
const start = Date.now();
const event = (id: number) => ({ event: 'e', time: start + id, _track_id: id, properties: { pad: 'x'.repeat(900) } }) as unknown as Payload;
const idsOf = (body: string): number[] =>
  JSON.parse(Buffer.from(decodeURIComponent(body.split('&')[0]!.slice('data_list='.length)), 'base64').toString()).map((e: { _track_id: number }) => e._track_id);
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
// A failed test must not leave its dispatcher retrying sends that are never answered (each
// waits out its 30 s deadline, then retries): it would keep the run from ending.
const stop = (dispatcher: { clear(): Promise<void> }) => Promise.race([dispatcher.clear(), tick(100)]);

test("with a drain's batch on the wire, the page-hide send takes the next oldest; once acknowledged, the drain skips them", async (t) => {
  const fake = fakeSender();
  const settings = dispatcherSettings({ sendType: 'beacon', flushInterval: 60_000, batchSize: 500 });
  const dispatcher = createDispatcher(settings, { sender: fake.sender, store: createQueueStore('tracklet_hide'), lock: (task) => task(), tab: 't', report: recorder() });
  t.after(() => stop(dispatcher));
  for (let id = 0; id < 150; id++) dispatcher.enqueue(event(id));
  await tick();
  const drained = dispatcher.flush();
  for (let i = 0; i < 100 && !fake.bodies.length; i++) await tick(5);
  const first = idsOf(fake.bodies[0]!);
  assert.deepEqual(first, Array.from({ length: first.length }, (_, i) => i), "the drain's first batch: the oldest");
  // The page is hidden (a tab switch) while that batch waits for its answer.
  dispatcher.sendOnHide();
  const onHide = fake.bodies.slice(1).flatMap(idsOf);
  assert.ok(onHide.length >= 30, `the page-hide send carried ${onHide.length} events`);
  assert.deepEqual(onHide, Array.from({ length: onHide.length }, (_, i) => first.length + i), 'the events after that batch, in order');
  // Every request is acknowledged (the page lived on): the drain goes on with what is left.
  for (let i = 0; i < 200 && fake.bodies.length; i++) {
    fake.answer({ ok: true, status: 200 });
    await tick(2);
  }
  const settled = await Promise.race([drained.then(() => true), tick(2000).then(() => false)]);
  assert.ok(settled, 'the drain ended');
  const all = fake.bodies.flatMap(idsOf);
  assert.deepEqual([...all].sort((a, b) => a - b), Array.from({ length: 150 }, (_, i) => i), 'each event sent once');
});

test('deep in a drain of a large backlog, the page-hide send still takes the oldest events not yet sent', async (t) => {
  const fake = fakeSender();
  const settings = dispatcherSettings({ sendType: 'beacon', flushInterval: 60_000, batchSize: 500 });
  const dispatcher = createDispatcher(settings, { sender: fake.sender, store: createQueueStore('tracklet_hide_deep'), lock: (task) => task(), tab: 't', report: recorder() });
  t.after(() => stop(dispatcher));
  for (let id = 0; id < 400; id++) dispatcher.enqueue(event(id));
  await tick();
  const drained = dispatcher.flush();
  // Two batches acknowledged, the third on the wire.
  for (let answered = 0; answered < 3; answered++) {
    for (let i = 0; i < 100 && fake.bodies.length <= answered; i++) await tick(5);
    if (answered < 2) fake.answer({ ok: true, status: 200 });
  }
  const drainBatches = fake.bodies.map(idsOf);
  assert.equal(drainBatches.length, 3);
  const sentByDrain = drainBatches.flat();
  assert.deepEqual(sentByDrain, Array.from({ length: sentByDrain.length }, (_, i) => i), "the drain's batches: the oldest, in order");
  dispatcher.sendOnHide();
  const onHide = fake.bodies.slice(3).flatMap(idsOf);
  assert.ok(onHide.length >= 30, `the page-hide send carried ${onHide.length} events`);
  assert.deepEqual(onHide, Array.from({ length: onHide.length }, (_, i) => sentByDrain.length + i), 'the events after the third batch, in order');
  for (let i = 0; i < 400 && fake.bodies.length; i++) {
    fake.answer({ ok: true, status: 200 });
    await tick(2);
  }
  const settled = await Promise.race([drained.then(() => true), tick(2000).then(() => false)]);
  assert.ok(settled, 'the drain ended');
  const all = fake.bodies.flatMap(idsOf);
  assert.deepEqual([...all].sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i), 'each event sent once');
});
