import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { createDispatcher, type Dispatcher } from '../../src/transport/dispatcher';
import type { Payload } from '../../src/types';
import { dispatcherSettings, fakeSender, recorder } from './helpers';

let trackId = 0;
const event = () => ({ event: 'e', time: Date.now(), _track_id: ++trackId, properties: {} }) as unknown as Payload;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, label: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check() && Date.now() < deadline; ) await tick(5);
  assert.ok(check(), 'timed out waiting for ' + label);
}

/** A dispatcher on its own queue whose sends the test answers; cleared when the test ends, pass or fail. */
function start(t: TestContext, overrides: Parameters<typeof dispatcherSettings>[0] = {}) {
  const fake = fakeSender();
  const settings = dispatcherSettings(overrides);
  const store = createQueueStore('tracklet_retry_' + ++trackId);
  const dispatcher: Dispatcher = createDispatcher(settings, { sender: fake.sender, store, lock: (task) => task(), tab: 't', report: recorder() });
  // A failing run must not leave a dispatcher retrying for ever (the process would never end).
  t.after(() => Promise.race([dispatcher.clear(), tick(100)]));
  return { fake, dispatcher };
}

/**
 * The delays the dispatcher asks `setTimeout` for, recorded while real timers run. The retry
 * wait is the one timer armed between a failure's answer and the retry; 30 s is the send
 * deadline (withDeadline), not a retry.
 */
function recordTimers(t: TestContext) {
  const real = globalThis.setTimeout;
  const delays: number[] = [];
  t.mock.method(globalThis, 'setTimeout', ((fn: () => void, ms?: number, ...args: unknown[]) => {
    delays.push(ms ?? 0);
    return real(fn, ms, ...args);
  }) as typeof setTimeout);
  return {
    /** The longest wait armed since `mark`, the send deadline left out. */
    longestSince: (mark: number) => Math.max(0, ...delays.slice(mark).filter((ms) => ms < 30_000)),
    get count() {
      return delays.length;
    },
  };
}

test('after a success the backoff starts again from the base delay: an outage that ended is forgotten', async (t) => {
  const timers = recordTimers(t);
  // Base 10 ms, no cap in reach: the nth retry in a row waits 10·2ⁿ⁻¹ ms at most, half that at least.
  const { fake, dispatcher } = start(t, { retryDelay: 10, maxRetryDelay: 60_000 });
  dispatcher.enqueue(event(), true);
  let waits: number[] = [];
  for (let failure = 1; failure <= 6; failure++) {
    await until(() => fake.bodies.length === failure, 'attempt ' + failure);
    const mark = timers.count;
    fake.answer({ ok: false, status: 503 });
    await until(() => fake.bodies.length === failure + 1, 'retry ' + failure);
    waits.push(timers.longestSince(mark));
  }
  assert.ok(waits[5]! >= 160, `the sixth retry in a row waited ${waits[5]} ms: the backoff grew (${waits.join(', ')})`);
  fake.answer({ ok: true, status: 200 });
  await dispatcher.flush();

  // The collector is back; then it fails once more.
  dispatcher.enqueue(event(), true);
  await until(() => fake.bodies.length === 8, 'the next event');
  const mark = timers.count;
  fake.answer({ ok: false, status: 503 });
  await until(() => fake.bodies.length === 9, 'its retry');
  waits = [timers.longestSince(mark)];
  assert.ok(waits[0]! <= 10, `the first failure after a success waits the base delay (≤ 10 ms), not ${waits[0]} ms`);
  fake.answer({ ok: true, status: 200 });
  await dispatcher.flush();
});

test('flush() during a backoff sends nothing before Retry-After, resolves, and the retry comes after it', async (t) => {
  const { fake, dispatcher } = start(t, { retryDelay: 10, maxRetryDelay: 20 });
  dispatcher.enqueue(event(), true);
  await until(() => fake.bodies.length === 1, 'the first attempt');
  const answeredAt = Date.now();
  fake.answer({ ok: false, status: 503, retryAfter: 1 });
  await tick(50);
  // The backoff alone (10-20 ms) is over; Retry-After (1 s) is not.
  dispatcher.enqueue(event());
  await dispatcher.flush();
  assert.equal(fake.bodies.length, 1, 'the flush started no request during Retry-After');
  await until(() => fake.bodies.length === 2, 'the retry', 10_000);
  const waited = Date.now() - answeredAt;
  assert.ok(waited >= 1000, `the retry came ${waited} ms after the 503, within its Retry-After of 1 s`);
  const retried = JSON.parse(Buffer.from(decodeURIComponent(fake.bodies[1]!.split('&')[0]!.slice('data_list='.length)), 'base64').toString());
  assert.equal(retried.length, 2, 'the retry carries the failed event and the one flushed meanwhile');
  fake.answer({ ok: true, status: 200 });
  await dispatcher.flush();
});
