import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { allArrive, drained, pageErrors, queued, range, received, sdkPath, serveWhileOffline, sleep, tally, trackMany, requestsWith } from './helpers/delivery';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(options: Record<string, unknown> = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + sdkPath(server, options));
  return { context, page };
}

const requests = (run: string) => requestsWith(server, run);

test('collector down (503) for a while, then back: every event arrives once, retries back off', async (t) => {
  const { context, page } = await open();
  server.answer(503);
  await trackMany(page, 20, 'down');
  await server.waitFor(() => requests('down').length >= 5, '5 failed attempts');
  // flush() settles while the collector is down: it neither hangs nor rejects.
  await page.evaluate(() => (window as any).tracklet.flush());
  server.answer(200);
  await server.waitFor(() => received(server, 'down').length >= 20, '20 events', 8000);
  await sleep(300);
  const attempts = requests('down');
  const gaps = attempts.slice(1, 5).map((r, i) => r.at - attempts[i]!.at);
  t.diagnostic('gaps between failed attempts (ms): ' + gaps.join(', '));
  // Retry n waits at least half of retryDelay * 2^n (equal jitter): 25, 50, 100, 200 ms here.
  // Lower bounds only, so a busy machine (which only stretches the gaps) cannot fail this; the
  // exact schedule is unit-tested (test/unit/backoff.test.ts). 2 ms for timer rounding.
  gaps.forEach((gap, n) => assert.ok(gap >= 25 * 2 ** n - 2, 'retry ' + n + ' waits its backoff: ' + gaps.join(', ')));
  tally(t, server, 20, 'down');
  assert.deepEqual(received(server, 'down'), range(0, 20), 'each event once');
  assert.deepEqual(await drained(page), [], 'the queue is empty once acknowledged');
  assert.deepEqual(await pageErrors(page), []);
  await context.close();
});

test('408, 429, 5xx and network errors are retried; nothing is lost or doubled', async (t) => {
  const { context, page } = await open();
  let aborted = 0;
  await context.route('**/collect', (route) => (aborted < 2 && ++aborted ? route.abort('connectionreset') : route.fallback()));
  server.answerSequence([408, 429, 500, 502, 504]);
  await trackMany(page, 7, 'mixed');
  await server.waitFor(() => received(server, 'mixed').length >= 7, '7 events', 8000);
  await sleep(200);
  assert.equal(aborted, 2, 'two network errors, then through');
  tally(t, server, 7, 'mixed');
  assert.deepEqual(received(server, 'mixed'), range(0, 7));
  assert.deepEqual(await pageErrors(page), []);
  await context.close();
});

test('a batch rejected with 400 is dropped and reported; later events still go', async (t) => {
  const { context, page } = await open();
  server.answerSequence([400]);
  await trackMany(page, 5, 'rejected');
  await server.waitFor(() => requests('rejected').length >= 1, 'the rejected request');
  await trackMany(page, 3, 'accepted');
  await server.waitFor(() => received(server, 'accepted').length >= 3, '3 later events');
  await sleep(200);
  tally(t, server, 8, 'rejected', 'accepted');
  assert.deepEqual(received(server, 'rejected'), []);
  assert.equal(requests('rejected').length, 1, 'a 400 is not retried');
  assert.deepEqual(received(server, 'accepted'), range(0, 3));
  const errors = await pageErrors(page);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /^onError:events_dropped:5 events dropped: the collector answered 400/);
  assert.deepEqual(await drained(page), []);
  await context.close();
});

test('413 splits the batch; a single event still too large is dropped and reported', async (t) => {
  const { context, page } = await open();
  server.answerSequence([413, 413, 413]);
  await trackMany(page, 4, 'split');
  await server.waitFor(() => received(server, 'split').length >= 3, '3 events', 5000);
  await sleep(200);
  const sizes = requests('split').map((r) => r.events.length + ':' + r.status);
  assert.deepEqual(sizes, ['4:413', '2:413', '1:413', '1:200', '2:200'], 'halves until one event');
  tally(t, server, 4, 'split');
  assert.deepEqual(received(server, 'split'), [1, 2, 3]);
  const errors = await pageErrors(page);
  assert.deepEqual(errors.map((e) => e.split(':').slice(0, 3).join(':')), ['onError:events_dropped:1 events dropped']);
  assert.match(errors[0]!, /413/);
  await context.close();
});

test('Retry-After is honoured even when the backoff would retry sooner', async (t) => {
  const { context, page } = await open();
  server.answerSequence([{ status: 429, headers: { 'Retry-After': '1' } }, { status: 503, headers: { 'Retry-After': '1' } }]);
  await trackMany(page, 2, 'later');
  await server.waitFor(() => received(server, 'later').length >= 2, '2 events', 6000);
  const [first, second, third] = requests('later');
  const waits = [second!.at - first!.at, third!.at - second!.at];
  assert.ok(waits.every((ms) => ms >= 1000 && ms < 2500), 'waited about a second each time: ' + waits.join(', '));
  tally(t, server, 2, 'later');
  assert.deepEqual(received(server, 'later'), [0, 1]);
  await context.close();
});

test('network cut, page reloaded while offline, then back: all events arrive once', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const path = sdkPath(server);
  await page.goto(server.origin + path);
  await trackMany(page, 5, 'offline');
  await server.waitFor(() => received(server, 'offline').length >= 5, 'the online events');
  // The network is cut at the collector too: Chromium 150's offline emulation lets the reloading
  // page's keepalive send out (its navigator.onLine reads true at pagehide), and the new page
  // comes up online. Such a page-hide send, unanswered, is taken as handed over: the next page
  // resends it after `resendAfter` (1 s here), once the network is back.
  await serveWhileOffline(context, path, sdkPage(server.origin + '/collect', { flushInterval: 50, retryDelay: 50, maxRetryDelay: 400, resendAfter: 1000 }));
  server.cut(true);
  await context.setOffline(true);
  await trackMany(page, 5, 'offline', 5);
  await sleep(200);
  await page.reload();
  await trackMany(page, 5, 'offline', 10);
  await sleep(300);
  assert.equal(received(server, 'offline').length, 5, 'nothing is sent while offline');
  assert.equal((await queued(page)).length, 10, 'both pages\' events wait in IndexedDB');
  await context.setOffline(false);
  server.cut(false);
  await allArrive(t, server, 'offline', { tracked: 15, expected: range(0, 15) });
  assert.deepEqual(await drained(page), []);
  assert.deepEqual(await pageErrors(page), []);
  await context.close();
});

test('collector down, page reloaded: once it is back the next page sends at once, not after resendAfter', async (t) => {
  // A long resendAfter: had the unloading page marked its (failing) page-hide send as handed
  // over, the next page would hold these events back for a minute.
  const { context, page } = await open({ resendAfter: 60_000 });
  server.answer(503);
  await trackMany(page, 5, 'downReload');
  await server.waitFor(() => requests('downReload').length >= 2, 'two failed attempts');
  await page.reload();
  server.answer(200);
  await server.waitFor(() => received(server, 'downReload').length >= 5, '5 events from the next page', 10_000);
  await sleep(200);
  tally(t, server, 5, 'downReload');
  assert.deepEqual(received(server, 'downReload'), range(0, 5));
  assert.deepEqual(await drained(page), []);
  await context.close();
});
