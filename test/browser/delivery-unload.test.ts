import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { drained, openSettled, pageErrors, queued, range, received, sdkPath, setVisibility, sleep, tally, trackMany, untilQueued, requestsWith } from './helpers/delivery';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium([], { bfcache: true }), startTestServer()]);
  server.page('/elsewhere.html', '<!doctype html><title>no tracker here</title>', true);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// A long interval: the events can only leave through the page-hide path.
const SLOW = { flushInterval: 60_000 };

/**
 * The page left here goes into the back/forward cache (Chromium caches even `no-store` pages),
 * where it runs on for some milliseconds after `pagehide`: a quick answer to its page-hide send
 * can still reach it, and it then rightly deletes the acknowledged events. Tests of what
 * happens when that answer is lost hold it until the page is frozen or gone. (Answers already
 * held keep their delay when `delay(0)` is called.)
 */
const holdAnswersUntilThePageIsGone = () => server.delay(3000);

test('20 events tracked, then the page navigated away at once: all arrive once, plain (no async gzip)', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sdk = sdkPath(server, SLOW);
  await openSettled(page, server.origin + sdk);
  await trackMany(page, 20, 'away');
  await untilQueued(page, 20);
  holdAnswersUntilThePageIsGone();
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => received(server, 'away').length >= 20, '20 events');
  server.delay(0);
  const requests = requestsWith(server, 'away');
  assert.deepEqual(requests.map((r) => r.form), ['data_list'], 'one synchronous, uncompressed request');
  // Unacknowledged (the page was gone), so still queued — and marked, so the next page of the
  // site does not send them again before `resendAfter` (default 30 s).
  await page.goto(server.origin + sdk);
  await sleep(400);
  tally(t, server, 20, 'away');
  assert.deepEqual(received(server, 'away'), range(0, 20), 'each once');
  const left = await queued(page);
  assert.equal(left.length, 20);
  assert.ok(left.every((e) => e.s), 'marked as handed over on page hide');
  await context.close();
});

test('an event handed over on page hide and never acknowledged is sent again after resendAfter, then forgotten', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sdk = sdkPath(server, { ...SLOW, resendAfter: 300 });
  await openSettled(page, server.origin + sdk);
  await trackMany(page, 5, 'again');
  await untilQueued(page, 5);
  holdAnswersUntilThePageIsGone();
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => received(server, 'again').length >= 5, 'the page-hide send');
  server.delay(0);
  await page.goto(server.origin + sdk);
  await server.waitFor(() => received(server, 'again').length >= 10, 'the resend', 5000);
  await sleep(200);
  // The collector de-duplicates on _track_id: same IDs, sent twice by design (the first answer
  // never reached a page), then acknowledged and deleted.
  tally(t, server, 5, 'again');
  assert.deepEqual(received(server, 'again'), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  assert.deepEqual(await drained(page), []);
  await context.close();
});

test('20 events tracked, then the page closed and the site opened again: all arrive, none lost', async (t) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  const sdk = sdkPath(server, { ...SLOW, resendAfter: 300 });
  await first.goto(server.origin + sdk);
  // The collector fails the close-time request: only the queue can save these events.
  server.answer(503);
  await trackMany(first, 20, 'closed');
  await untilQueued(first, 20);
  await first.close();
  await server.waitFor(() => server.received.some((r) => r.status === 503), 'the close-time attempt');
  server.answer(200);
  const second = await context.newPage();
  await second.goto(server.origin + sdk);
  await server.waitFor(() => received(server, 'closed').length >= 20, '20 events from the next page', 5000);
  await sleep(300);
  tally(t, server, 20, 'closed');
  assert.deepEqual(received(server, 'closed'), range(0, 20), 'each once');
  assert.deepEqual(await drained(second), []);
  assert.deepEqual(await pageErrors(second), []);
  await context.close();
});

test('a tab switch (hidden, then visible) sends at once and nothing twice', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openSettled(page, server.origin + sdkPath(server, { ...SLOW, resendAfter: 200 }));
  await trackMany(page, 10, 'switch');
  await setVisibility(page, 'hidden');
  await server.waitFor(() => received(server, 'switch').length >= 10, '10 events');
  await sleep(100);
  await setVisibility(page, 'visible');
  await trackMany(page, 1, 'switch', 10);
  await page.evaluate(() => (window as any).tracklet.flush());
  await sleep(400);
  tally(t, server, 11, 'switch');
  assert.deepEqual(received(server, 'switch'), range(0, 11), 'the keepalive answer reached the page: nothing resent');
  assert.deepEqual(await drained(page), []);
  await context.close();
});

test('hidden in the middle of a long drain: the page-hide send and the drain share the work, none twice', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + sdkPath(server, { batchSize: 10, flushInterval: 60_000 }));
  server.delay(150);
  try {
    await page.evaluate(() => {
      for (let i = 0; i < 100; i++) (window as any).tracklet.track('evt', { i, run: 'midDrain' });
      void (window as any).tracklet.flush();
    });
    await server.waitFor(() => requestsWith(server, 'midDrain').length > 0, 'the first batch');
    await setVisibility(page, 'hidden');
    await server.waitFor(() => received(server, 'midDrain').length >= 100, '100 events', 10_000);
  } finally {
    server.delay(0);
  }
  await sleep(400);
  tally(t, server, 100, 'midDrain');
  assert.deepEqual(received(server, 'midDrain'), range(0, 100), 'each once');
  assert.deepEqual(await drained(page), []);
  await context.close();
});

test('back/forward cache: leaving sends, the restored page carries on, no event twice', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openSettled(page, server.origin + sdkPath(server, SLOW, true));
  await page.evaluate(() => addEventListener('pageshow', (e) => ((window as any).__restored = e.persisted)));
  await trackMany(page, 10, 'bfcache');
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => received(server, 'bfcache').length >= 10, '10 events on pagehide');
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => (window as any).__restored !== undefined, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => (window as any).__restored), true, 'restored from the back/forward cache: tracklet does not block it');
  await trackMany(page, 5, 'bfcache', 10);
  await page.evaluate(() => (window as any).tracklet.flush());
  await sleep(300);
  tally(t, server, 15, 'bfcache');
  assert.deepEqual(received(server, 'bfcache'), range(0, 15));
  await context.close();
});
