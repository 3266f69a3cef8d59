import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TabLock } from '../../src/lib/tab-lock';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { createDispatcher } from '../../src/transport/dispatcher';
import type { Sender, SendResult } from '../../src/transport/sender';
import type { Payload } from '../../src/types';
import { dispatcherSettings, recorder } from './helpers';

// The `online` event ends the backoff (the network is back: retry at once), but not the quiet a
// collector asked for with Retry-After. Node has no window: the listeners are caught here.
const listeners = new Map<string, () => void>();
(globalThis as { addEventListener?: unknown }).addEventListener = (type: string, listener: () => void) => void listeners.set(type, listener);
const event = (id: number) => ({ event: 'e', time: Date.now(), _track_id: id, properties: {} }) as unknown as Payload;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const lock: TabLock = (task) => task();

/** A dispatcher whose collector answers `first`, then 200; returns when each request was sent. */
function page(name: string, first: SendResult, retry: { retryDelay: number; maxRetryDelay: number }) {
  const sentAt: number[] = [];
  const sender: Sender = { send: () => (sentAt.push(Date.now()), Promise.resolve(sentAt.length === 1 ? first : { ok: true, status: 200 })) };
  const settings = dispatcherSettings(retry);
  createDispatcher(settings, { sender, store: createQueueStore(name), lock, tab: name, report: recorder() }).enqueue(event(1), true);
  return sentAt;
}
async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await tick(5);
}

test('the online event retries at once, however long the backoff', async () => {
  const sentAt = page('online_backoff', { ok: false, status: 503 }, { retryDelay: 20_000, maxRetryDelay: 20_000 });
  await until(() => sentAt.length === 1, 2000);
  assert.equal(sentAt.length, 1, 'the first attempt failed');
  listeners.get('online')!();
  await until(() => sentAt.length === 2, 2000);
  assert.equal(sentAt.length, 2, 'retried on online, not 10-20 s later');
  assert.ok(sentAt[1]! - sentAt[0]! < 2000);
});

test('the online event does not cut short a Retry-After', async () => {
  const sentAt = page('online_retry_after', { ok: false, status: 503, retryAfter: 1 }, { retryDelay: 10, maxRetryDelay: 20 });
  await until(() => sentAt.length === 1, 2000);
  listeners.get('online')!();
  await until(() => sentAt.length === 2, 3000);
  assert.equal(sentAt.length, 2, 'retried once the second asked for had passed');
  assert.ok(sentAt[1]! - sentAt[0]! >= 995, 'waited the Retry-After: ' + (sentAt[1]! - sentAt[0]!) + ' ms');
});
