import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueueStore } from '../../src/queue/create-queue-store';
import { overBounds } from '../../src/queue/bounds';
import type { QueuedEvent } from '../../src/queue/queue-store';
import { fakeLocalStorage } from './helpers';

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

test('bounds: the oldest go first until count, characters and age are within the limits', () => {
  const queue = Array.from({ length: 10 }, (_, i) => ({ ...event(String(i), 1000 + i), b: 'x'.repeat(100) }));
  const limits = { maxQueueSize: 100, maxQueueBytes: 1e6, maxEventAge: 1e6 };
  assert.equal(overBounds(queue, limits, 2000), 0);
  assert.equal(overBounds(queue, { ...limits, maxQueueSize: 7 }, 2000), 3);
  assert.equal(overBounds(queue, { ...limits, maxQueueBytes: 450 }, 2000), 6, '4 events of 100 fit 450');
  assert.equal(overBounds(queue, { ...limits, maxQueueBytes: 400 }, 2000), 6, 'exactly at the byte bound is within it');
  assert.equal(overBounds(queue, { ...limits, maxEventAge: 500 }, 1504), 4, 'events at 1000..1003 are older than 500 ms');
  assert.equal(overBounds(queue, { ...limits, maxQueueSize: 0 }, 2000), 10);
});

test('a store call that answered leaves no timeout timer behind', async () => {
  const pending = new Set<unknown>();
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    const id = realSet(() => (pending.delete(id), fn()), ms);
    pending.add(id);
    return id;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((id: ReturnType<typeof setTimeout>) => (pending.delete(id), realClear(id))) as typeof clearTimeout;
  try {
    const queue = createQueueStore('tracklet_timers');
    await queue.put([event('1')]);
    await queue.all();
    await queue.del(['1']);
    await queue.clear();
    assert.equal(pending.size, 0, 'every 5 s timeout was cleared once its tier answered');
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
});

test('the localStorage tier keeps one item per event under the queue prefix, and clear leaves other keys alone', async (t) => {
  const { createLocalStore } = await import('../../src/queue/web-store');
  // Like the browser's Storage, the stored keys are the object's own keys (Object.keys lists them).
  const items: Record<string, string> = { site_key: 'theirs' };
  Object.defineProperties(items, {
    getItem: { value: (key: string) => (key in items ? items[key] : null) },
    setItem: { value: (key: string, value: string) => void (items[key] = String(value)) },
    removeItem: { value: (key: string) => void delete items[key] },
  });
  Object.defineProperty(globalThis, 'localStorage', { value: items, configurable: true, writable: true });
  t.after(() => void delete (globalThis as { localStorage?: unknown }).localStorage);
  const storage = { store: { keys: () => Object.keys(items), get: (key: string) => items[key] } };
  const local = createLocalStore('tracklet_q_');
  await local.put([event('1'), event('2')]);
  assert.deepEqual([...storage.store.keys()].sort(), ['site_key', 'tracklet_q_1', 'tracklet_q_2']);
  assert.deepEqual(JSON.parse(storage.store.get('tracklet_q_1')!), event('1'));
  assert.deepEqual((await local.all()).map((e) => e!.k).sort(), ['1', '2']);
  await local.del(['1']);
  assert.deepEqual((await local.all()).map((e) => e!.k), ['2']);
  await local.clear();
  assert.deepEqual([...storage.store.keys()], ['site_key']);
});

/** A Storage-like localStorage in Node for one test: its stored keys are the object's own keys. */
function localStorageOfKeys(t: { after: (fn: () => void) => void }, initial: Record<string, string>): Record<string, string> {
  const items: Record<string, string> = { ...initial };
  Object.defineProperties(items, {
    getItem: { value: (key: string) => (key in items ? items[key] : null) },
    setItem: { value: (key: string, value: string) => void (items[key] = String(value)) },
    removeItem: { value: (key: string) => void delete items[key] },
  });
  Object.defineProperty(globalThis, 'localStorage', { value: items, configurable: true, writable: true });
  t.after(() => void delete (globalThis as { localStorage?: unknown }).localStorage);
  return items;
}

test('without IndexedDB the queue lives under "<name>_q_" in localStorage, apart from the identity copy "<name>_ids"', async (t) => {
  // The identity keeps its copy under the same cookie name: a queue that read or cleared every
  // "tracklet_id…" key would hand the identity to the sender as an event, and erase it on clear().
  const items = localStorageOfKeys(t, { tracklet_id_ids: '"c=u1"', tracklet_idx: 'theirs' });
  const queue = createQueueStore('tracklet_id');
  await queue.put([event('1'), event('2')]);
  assert.deepEqual(Object.keys(items).sort(), ['tracklet_id_ids', 'tracklet_id_q_1', 'tracklet_id_q_2', 'tracklet_idx']);
  assert.deepEqual((await queue.all()).map((e) => e.k).sort(), ['1', '2']);
  await queue.clear();
  assert.deepEqual(Object.keys(items).sort(), ['tracklet_id_ids', 'tracklet_idx']);
});

test('keep() writes to localStorage before it returns (the page may be unloading), and all() finds the records', async (t) => {
  const items = localStorageOfKeys(t, {});
  const queue = createQueueStore('tracklet_keep');
  queue.keep([event('1', 5)]);
  assert.deepEqual(JSON.parse(items.tracklet_keep_q_1!), event('1', 5), 'stored synchronously');
  assert.deepEqual(await queue.all(), [event('1', 5)]);
});

test('falling to memory (no IndexedDB, no localStorage) is reported once, as storage_unavailable; falling to localStorage is not', async (t) => {
  const reports: string[] = [];
  const report = (code: string, message: string) => void reports.push(code + ': ' + message);
  const memoryOnly = createQueueStore('tracklet_mem', report);
  await memoryOnly.put([event('1')]);
  await memoryOnly.put([event('2')]);
  assert.deepEqual(reports, [
    'storage_unavailable: IndexedDB and localStorage are unavailable (blocked or full): events are kept in memory only, and lost if the page closes before they are sent',
  ]);
  assert.deepEqual((await memoryOnly.all()).map((e) => e.k).sort(), ['1', '2'], 'the events are kept');
  reports.length = 0;
  localStorageOfKeys(t, {});
  const local = createQueueStore('tracklet_local', report);
  await local.put([event('3')]);
  assert.deepEqual(reports, [], 'localStorage still keeps events across pages: nothing to report');
});

test('all(keys) answers with those of the keys still stored (the small tiers may add the rest of what they hold), never a gone one', async () => {
  const memory = createQueueStore('tracklet_keys_memory');
  await memory.put([event('1'), event('2'), event('3')]);
  await memory.del(['2']);
  const found = (await memory.all(['1', '2', '4'])).map((e) => e.k);
  assert.ok(found.includes('1') && !found.includes('2') && !found.includes('4'), 'found ' + found);
  const storage = fakeLocalStorage();
  try {
    const local = createQueueStore('tracklet_keys_local');
    await local.put([event('a'), event('b')]);
    local.keep([{ ...event('b'), s: 7 }]);
    assert.deepEqual((await local.all(['a', 'b', 'c'])).map((e) => [e.k, e.s]).sort(), [['a', undefined], ['b', 7]], 'a kept record wins');
    await local.del(['a']);
    assert.deepEqual((await local.all(['a', 'b'])).map((e) => e.k), ['b']);
  } finally {
    storage.restore();
  }
});

test('the localStorage tier skips its deletes while it holds no record of this queue (a removeItem costs even for a missing key)', async () => {
  const storage = fakeLocalStorage();
  const removed: string[] = [];
  const storageApi = (globalThis as unknown as { localStorage: Storage }).localStorage;
  const removeItem = storageApi.removeItem;
  storageApi.removeItem = (key: string) => (removed.push(key), removeItem(key));
  try {
    const { createLocalStore } = await import('../../src/queue/web-store');
    const local = createLocalStore('tracklet_skip_q_');
    storage.store.set('other_key', 'x');
    await local.del(['1', '2']);
    assert.deepEqual(removed, [], 'nothing of this queue stored: no removeItem');
    await local.put([event('1')]);
    await local.del(['1', '2']);
    assert.deepEqual(removed, ['tracklet_skip_q_1', 'tracklet_skip_q_2']);
    assert.deepEqual([...storage.store.keys()], ['other_key']);
  } finally {
    storage.restore();
  }
});
