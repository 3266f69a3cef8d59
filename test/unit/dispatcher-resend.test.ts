import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import type { DurableQueue } from '../../src/queue/queue-store';
import { createDispatcher } from '../../src/transport/dispatcher';
import type { Payload } from '../../src/types';
import { dispatcherSettings, fakeSender, recorder } from './helpers';

// While the collector fails, a retry resends the events this page holds instead of reading the
// whole queue back each time (10,000 queued events: 8-23 ms of main thread and their JSON in
// memory, every 1-2 s of an outage); it only checks that the batch is still queued.

let trackId = 0;
const event = () => ({ event: 'e', time: Date.now(), _track_id: ++trackId, properties: {} }) as unknown as Payload;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (body: string): number[] =>
  JSON.parse(Buffer.from(decodeURIComponent(body.split('&')[0]!.slice('data_list='.length)), 'base64').toString()).map((e: { _track_id: number }) => e._track_id);
async function until(check: () => boolean, label: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check() && Date.now() < deadline; ) await tick(5);
  assert.ok(check(), 'timed out waiting for ' + label);
}

/** Answers 200 to every request from the `answered`th on, until the queue is empty (5 s at most). */
async function answerUntilEmpty(fake: ReturnType<typeof fakeSender>, queue: DurableQueue, answered: number): Promise<void> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await tick(5)) {
    if (fake.bodies.length > answered) fake.answer({ ok: true, status: 200 }), answered++;
    else if (!(await queue.all()).length) return;
  }
  assert.fail('the queue was never drained');
}

/** A dispatcher on its own queue, with the queue's whole reads (`all()` without keys) counted. */
function start(t: TestContext, overrides: Parameters<typeof dispatcherSettings>[0] = {}) {
  const fake = fakeSender();
  const queue = createQueueStore('tracklet_resend_' + ++trackId);
  const reads = { whole: 0, keyed: 0 };
  const store: DurableQueue = { ...queue, all: (keys) => (keys ? reads.keyed++ : reads.whole++, queue.all(keys)) };
  const report = recorder();
  const dispatcher = createDispatcher(dispatcherSettings(overrides), { sender: fake.sender, store, lock: (task) => task(), tab: 't', report });
  t.after(() => Promise.race([dispatcher.clear(), tick(100)]));
  return { fake, dispatcher, queue, reads, report };
}

test('while the collector fails, retries resend the oldest held batch and never read the whole queue; all arrive once it answers', async (t) => {
  const { fake, dispatcher, queue, reads } = start(t, { batchSize: 50, retryDelay: 10, maxRetryDelay: 20 });
  const first = trackId + 1;
  for (let i = 0; i < 120; i++) dispatcher.enqueue(event());
  await until(() => fake.bodies.length === 1, 'the first attempt');
  assert.equal(reads.whole, 1, 'the first attempt read the queue');
  fake.answer({ ok: false, status: 503 });
  for (let retry = 1; retry <= 5; retry++) {
    await until(() => fake.bodies.length === retry + 1, 'retry ' + retry);
    // Tracking goes on during the outage: these flushes wait for the retry, reading nothing.
    for (let i = 0; i < 60; i++) dispatcher.enqueue(event());
    assert.deepEqual(ids(fake.bodies[retry]!), ids(fake.bodies[0]!), 'retry ' + retry + ' resends the same oldest batch');
    fake.answer({ ok: false, status: 503 });
  }
  assert.deepEqual(ids(fake.bodies[0]!)[0], first);
  assert.equal(reads.whole, 1, 'no retry read the whole queue');
  assert.ok(reads.keyed >= 5, 'each retry checked that its batch is still queued');

  // The collector is back: the held batch, then the rest, from the queue.
  await answerUntilEmpty(fake, queue, 6);
  await dispatcher.flush();
  assert.deepEqual(await queue.all(), [], 'the queue is empty');
  const delivered = fake.bodies.slice(6).flatMap(ids);
  assert.equal(delivered.length, 120 + 5 * 60, 'every event was delivered once after the outage');
  assert.equal(new Set(delivered).size, delivered.length, 'none twice');
});

test('a held event that another tab delivered meanwhile is not sent again', async (t) => {
  const { fake, dispatcher, queue, reads } = start(t, { batchSize: 50, retryDelay: 10, maxRetryDelay: 20 });
  for (let i = 0; i < 3; i++) dispatcher.enqueue(event());
  await until(() => fake.bodies.length === 1, 'the first attempt');
  const [gone, ...rest] = ids(fake.bodies[0]!);
  // Another tab took it (it was `resendAfter` old), had it acknowledged and deleted it, while
  // this page waited for its retry.
  await queue.del([String(gone)]);
  fake.answer({ ok: false, status: 503 });
  await until(() => fake.bodies.length === 2, 'the retry');
  assert.deepEqual(ids(fake.bodies[1]!), rest, 'the retry carries only what is still queued');
  assert.equal(reads.whole, 1, 'found out without reading the whole queue');
  fake.answer({ ok: true, status: 200 });
  await dispatcher.flush();
  assert.deepEqual(await queue.all(), []);
});

test('a retry reads the queue when this page may have pushed it over its bounds, and drops the oldest with a report', async (t) => {
  const { fake, dispatcher, queue, reads, report } = start(t, { batchSize: 50, maxQueueSize: 100, retryDelay: 10, maxRetryDelay: 20 });
  for (let i = 0; i < 60; i++) dispatcher.enqueue(event());
  await until(() => fake.bodies.length === 1, 'the first attempt');
  fake.answer({ ok: false, status: 503 });
  await until(() => fake.bodies.length === 2, 'the first retry');
  assert.equal(reads.whole, 1);
  for (let i = 0; i < 60; i++) dispatcher.enqueue(event());
  fake.answer({ ok: false, status: 503 });
  await until(() => fake.bodies.length === 3, 'the second retry');
  assert.equal(reads.whole, 2, '120 queued against a bound of 100: the retry read the queue');
  assert.deepEqual(report.calls.map((c) => c.code), ['events_dropped']);
  assert.equal((await queue.all()).length, 100);
  await answerUntilEmpty(fake, queue, 2);
  await dispatcher.flush();
  assert.deepEqual(await queue.all(), []);
});
