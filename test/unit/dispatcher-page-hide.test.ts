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

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/**
 * A drain of `total` queued events has `acknowledged` batches answered and the next on the wire
 * when the page is hidden (a tab switch): the page-hide send must carry the oldest events not
 * sent yet, in order; then every request is acknowledged (the page lived on), and the drain
 * goes on with what is left without resending what the page-hide send delivered.
 */
async function hiddenDuringDrain(t: { after(fn: () => unknown): void }, total: number, acknowledged: number) {
  const fake = fakeSender();
  const settings = dispatcherSettings({ sendType: 'beacon', flushInterval: 60_000, batchSize: 500 });
  const dispatcher = createDispatcher(settings, { sender: fake.sender, store: createQueueStore('tracklet_hide_' + total), lock: (task) => task(), tab: 't', report: recorder() });
  t.after(() => stop(dispatcher));
  for (let id = 0; id < total; id++) dispatcher.enqueue(event(id));
  await tick();
  const drained = dispatcher.flush();
  for (let batches = 1; batches <= acknowledged + 1; batches++) {
    for (let i = 0; i < 100 && fake.bodies.length < batches; i++) await tick(5);
    if (batches <= acknowledged) fake.answer({ ok: true, status: 200 });
  }
  assert.equal(fake.bodies.length, acknowledged + 1);
  const sentByDrain = fake.bodies.flatMap(idsOf);
  assert.deepEqual(sentByDrain, range(0, sentByDrain.length), "the drain's batches: the oldest, in order");
  dispatcher.sendOnHide();
  const onHide = fake.bodies.slice(acknowledged + 1).flatMap(idsOf);
  assert.ok(onHide.length >= 30, `the page-hide send carried ${onHide.length} events`);
  assert.deepEqual(onHide, range(sentByDrain.length, onHide.length), 'the events after the batch on the wire, in order');
  for (let i = 0; i < total && fake.bodies.length; i++) {
    fake.answer({ ok: true, status: 200 });
    await tick(2);
  }
  const settled = await Promise.race([drained.then(() => true), tick(2000).then(() => false)]);
  assert.ok(settled, 'the drain ended');
  assert.deepEqual([...fake.bodies.flatMap(idsOf)].sort((x, y) => x - y), range(0, total), 'each event sent once');
}

test("with a drain's batch on the wire, the page-hide send takes the next oldest; once acknowledged, the drain skips them", (t) => hiddenDuringDrain(t, 150, 0));

test('deep in a drain of a large backlog, the page-hide send still takes the oldest events not yet sent', (t) => hiddenDuringDrain(t, 400, 2));
