import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { range, received, requestsWith, sleep, tally } from '../browser/helpers/delivery';
import { startTestServer, type TestServer } from '../browser/helpers/test-server';
import { selectedEngines, type EngineBrowser } from './drivers';
import { launchFirefoxEngine } from './drivers/firefox';
import { call, drained, enginePage, pageErrors, queued, trackMany } from './helpers/tab';

// A real Firefox private window (every window private), not a simulation: IndexedDB there
// failed to open before Firefox 115 (see storage.test.ts for that case); since then it works
// in memory. The SDK must use it, keep identity and queue for the window's life, and deliver.
const run = selectedEngines().includes('firefox') ? test : test.skip;
let browser: EngineBrowser;
let server: TestServer;
before(async () => {
  if (!selectedEngines().includes('firefox')) return;
  [browser, server] = await Promise.all([launchFirefoxEngine({ privateBrowsing: true }), startTestServer()]);
  console.log('firefox: ' + browser.version);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

run('in a Firefox private window the queue uses IndexedDB, identity and events survive a reload, all delivered once', async (t) => {
  const profile = await browser.newProfile();
  const tab = await profile.newTab();
  await tab.goto(server.origin + enginePage(server, { resendAfter: 300 }));
  // The one sign a page has of a private window here: the origin private file system refuses.
  const opfs = await tab.evaluate(() => navigator.storage.getDirectory().then(() => 'available', (error: Error) => error.name));
  assert.equal(opfs, 'SecurityError', 'a private window');
  await call(tab, 'login', 'private_user');
  server.answer(503);
  try {
    await trackMany(tab, 5, 'private');
    await server.waitFor(() => requestsWith(server, 'private').length >= 1, 'a failed attempt');
    const fromIndexedDb = await tab.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('tracklet_id');
      open.onerror = () => resolve(-1);
      open.onsuccess = () => {
        const all = open.result.transaction('events').objectStore('events').getAll();
        all.onsuccess = () => resolve(all.result.length);
      };
    }));
    assert.ok(fromIndexedDb >= 5, 'the events wait in IndexedDB: ' + fromIndexedDb);
    assert.equal((await queued(tab)).length >= 5, true);
    await tab.reload();
    assert.equal(await call(tab, 'getLoginId'), 'private_user', 'identity kept across the reload');
  } finally {
    server.answer(200);
  }
  await server.waitFor(() => received(server, 'private').length >= 5, '5 events', 10_000);
  await sleep(300);
  tally(t, server, 5, 'private');
  assert.deepEqual(received(server, 'private'), range(0, 5));
  assert.deepEqual(await drained(tab), []);
  assert.deepEqual(await pageErrors(tab), []);
  await profile.close();
});
