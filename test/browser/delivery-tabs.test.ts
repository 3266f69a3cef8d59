import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { drained, pageErrors, range, received, sdkPath, sleep, tally, trackMany, untilQueued } from './helpers/delivery';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(['*.tracklet.test']), startTestServer()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Both tabs track 40 events in rounds of 10 at the same moments, so their drains overlap.
async function trackTogether(a: Page, b: Page, run: string): Promise<void> {
  for (let round = 0; round < 4; round++) {
    await Promise.all([trackMany(a, 10, run + 'A', round * 10), trackMany(b, 10, run + 'B', round * 10)]);
    await sleep(30);
  }
}

async function twoTabs(t: TestContext, origin: string, run: string, locks: boolean, outage = false): Promise<void> {
  const context = await browser.newContext();
  // With an outage every event outlives `resendAfter`, so both tabs may take all of them:
  // only the lock keeps them from sending one twice.
  const path = sdkPath(server, outage ? { resendAfter: 100, batchSize: 10 } : {});
  if (outage) server.answer(503);
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([a.goto(origin + path), b.goto(origin + path)]);
  assert.equal(await a.evaluate(() => 'locks' in navigator), locks, locks ? 'Web Locks here' : 'no Web Locks here');
  await trackTogether(a, b, run);
  if (outage) {
    await sleep(500);
    server.answer(200);
  }
  await server.waitFor(() => received(server, run + 'A').length + received(server, run + 'B').length >= 80, '80 events', 10_000);
  await sleep(300);
  tally(t, server, 80, run + 'A', run + 'B');
  assert.deepEqual(received(server, run + 'A'), range(0, 40), 'tab A: each event once');
  assert.deepEqual(received(server, run + 'B'), range(0, 40), 'tab B: each event once');
  assert.deepEqual(await drained(a), []);
  assert.deepEqual([...(await pageErrors(a)), ...(await pageErrors(b))], []);
  await context.close();
}

test('two tabs tracking at the same time share one queue and send no event twice (Web Locks)', async (t) => {
  await twoTabs(t, server.origin, 'locks', true);
});

test('the same without Web Locks (plain http on a host name: not a secure context), on the lease', async (t) => {
  await twoTabs(t, `http://a.tracklet.test:${server.port}`, 'lease', false);
});

test('two tabs, collector down then back: each takes over the other\'s old events, none twice (Web Locks)', async (t) => {
  await twoTabs(t, server.origin, 'outageLocks', true, true);
});

test('the same on the lease', async (t) => {
  await twoTabs(t, `http://a.tracklet.test:${server.port}`, 'outageLease', false, true);
});

test("a closed tab's events are picked up by another tab of the site", async (t) => {
  const context = await browser.newContext();
  const path = sdkPath(server, { resendAfter: 300 });
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([a.goto(server.origin + path), b.goto(server.origin + path)]);
  server.answer(503);
  await trackMany(a, 10, 'orphan');
  await untilQueued(a, 10);
  await a.close();
  await sleep(100);
  server.answer(200);
  // Tab B drains on its own activity; it finds tab A's events and takes them once they are
  // `resendAfter` old.
  await trackMany(b, 1, 'survivor');
  await server.waitFor(() => received(server, 'orphan').length >= 10, "tab A's 10 events", 8000);
  await sleep(300);
  tally(t, server, 11, 'orphan', 'survivor');
  assert.deepEqual(received(server, 'orphan'), range(0, 10), 'each once');
  assert.deepEqual(received(server, 'survivor'), [0]);
  assert.deepEqual(await drained(b), []);
  await context.close();
});
