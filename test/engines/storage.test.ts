import assert from 'node:assert/strict';
import { test } from 'node:test';
import { range, received, requestsWith, sleep, tally } from '../browser/helpers/delivery';
import { forEachEngine } from './helpers/suite';
import { enginePage, pageErrors, trackMany } from './helpers/tab';

// Where engines differ in the field: storage that is missing, failing or hanging (Firefox
// private windows, Safari private mode and WebKit's IndexedDB, sandboxed frames), and
// CompressionStream (Safari before 16.4 has none: plain bodies). Each condition is made in the
// page before the SDK loads, so every engine meets it the same way.

/**
 * The conditions, as scripts run before the SDK; the store the queue then uses, and how many
 * of the 5 events localStorage holds while the collector fails (null: it cannot be read).
 */
const STORAGE_CASES = [
  {
    name: 'IndexedDB missing (sandboxed frames, some private modes)',
    before: "Object.defineProperty(window, 'indexedDB', { configurable: true, get() { return undefined; } });",
    store: 'localStorage',
    inLocalStorage: 5,
  },
  {
    name: "IndexedDB's open() failing with InvalidStateError (Firefox private windows before 115)",
    before: `IDBFactory.prototype.open = function () {
      const request = {};
      setTimeout(() => { request.error = new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError'); if (request.onerror) request.onerror(new Event('error')); });
      return request;
    };`,
    store: 'localStorage',
    inLocalStorage: 5,
  },
  {
    name: 'IndexedDB missing and localStorage.setItem throwing QuotaExceededError (Safari private mode before 11)',
    before: `Object.defineProperty(window, 'indexedDB', { configurable: true, get() { return undefined; } });
      Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };`,
    store: 'memory',
    inLocalStorage: 0,
  },
  {
    name: 'IndexedDB and localStorage both throwing SecurityError (storage blocked)',
    before: `Object.defineProperty(window, 'indexedDB', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });
      Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError'); } });`,
    store: 'memory',
    inLocalStorage: null,
  },
] as const;

/** How many queue records localStorage holds; null where reading it throws. */
const keptInLocalStorage = () => {
  try {
    return Object.keys(localStorage).filter((k) => k.startsWith('tracklet_id_q_')).length;
  } catch {
    return null;
  }
};

forEachEngine((env) => {
  const requests = (run: string) => requestsWith(env.server, run);

  const MEMORY_ONLY = 'onError:storage_unavailable:IndexedDB and localStorage are unavailable (blocked or full): events are kept in memory only, and lost if the page closes before they are sent';
  STORAGE_CASES.forEach(({ name, before, store, inLocalStorage }, n) => {
    test(`${name}: the queue uses ${store}, every event arrives once, nothing thrown`, async (t) => {
      const run = 'storage' + n;
      // The collector fails first, so that the events have to wait in the fallback store.
      const { profile, tab } = await env.open(enginePage(env.server, { resendAfter: 300 }, { before }));
      env.server.answer(503);
      try {
        await trackMany(tab, 5, run);
        await env.server.waitFor(() => requests(run).length >= 1, 'a failed attempt');
        assert.equal(await tab.evaluate(keptInLocalStorage), inLocalStorage, 'where the events wait');
        // Kept in localStorage across a reload: the next page sends them.
        if (store === 'localStorage') await tab.reload();
      } finally {
        env.server.answer(200);
      }
      await env.server.waitFor(() => received(env.server, run).length >= 5, '5 events', 10_000);
      await sleep(300);
      tally(t, env.server, 5, run);
      assert.deepEqual(received(env.server, run), range(0, 5));
      // With no storage at all the page is told, once, that its events live in memory only.
      const told = store === 'memory' ? [MEMORY_ONLY] : [];
      assert.deepEqual(await pageErrors(tab), told);
      await profile.close();
    });
  });

  test("IndexedDB whose open() never answers (WebKit's bug): after 5 s the queue gives up on it and the events are delivered", async (t) => {
    const { profile, tab } = await env.open(enginePage(env.server, {}, { before: 'IDBFactory.prototype.open = function () { return {}; };' }));
    await trackMany(tab, 5, 'hung');
    await sleep(3000);
    assert.deepEqual(received(env.server, 'hung'), [], 'still waiting for IndexedDB');
    await env.server.waitFor(() => received(env.server, 'hung').length >= 5, '5 events', 15_000);
    await sleep(300);
    tally(t, env.server, 5, 'hung');
    assert.deepEqual(received(env.server, 'hung'), range(0, 5));
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  for (const compression of [true, false]) {
    test(`CompressionStream ${compression ? 'present: gzipped bodies (gzip=1)' : 'absent (Safari before 16.4): plain bodies (gzip=0)'}, decoded by the collector`, async (t) => {
      const run = compression ? 'gzip' : 'plain';
      const before = compression ? '' : 'delete window.CompressionStream;';
      const { profile, tab } = await env.open(enginePage(env.server, { batchSize: 20 }, { before }));
      assert.equal(await tab.evaluate(() => typeof CompressionStream), compression ? 'function' : 'undefined');
      await trackMany(tab, 50, run);
      await env.server.waitFor(() => received(env.server, run).length >= 50, '50 events', 10_000);
      await sleep(200);
      tally(t, env.server, 50, run);
      assert.deepEqual(received(env.server, run), range(0, 50));
      assert.deepEqual([...new Set(requests(run).map((r) => r.form))], [compression ? 'data_list_gzip' : 'data_list']);
      assert.deepEqual(await pageErrors(tab), []);
      await profile.close();
    });
  }
});
