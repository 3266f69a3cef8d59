import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { drained, openSettled, pageErrors, received, range, requestsWith, sdkPath, sleep, tally, trackMany, untilQueued } from './helpers/delivery';
import { startTestServer, type TestServer } from './helpers/test-server';

// Without the back/forward cache (Playwright's default), a page that is left is destroyed at
// once: what it wrote to IndexedDB in its last moments may be aborted with it, and Chromium
// rejects its fetches in flight (while keepalive ones go on and arrive).
let browser: Browser;
let server: TestServer;
before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  server.page('/elsewhere.html', '<!doctype html><title>no tracker here</title>');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const requests = (run: string) => requestsWith(server, run);

test('a request in flight when the page is left is not sent again by that page, nor at once by the next', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sdk = sdkPath(server, { flushInterval: 60_000, resendAfter: 1500 });
  await openSettled(page, server.origin + sdk);
  server.delay(3000); // the answer comes after the page is gone
  await trackMany(page, 5, 'flying');
  await page.evaluate(() => void (window as any).tracklet.flush());
  await server.waitFor(() => requests('flying').length === 1, 'the drain\'s request');
  await page.goto(server.origin + '/elsewhere.html');
  server.delay(0);
  await sleep(300);
  assert.equal(requests('flying').length, 1, 'the page did not repeat the request it lost the answer of');
  // The next page of the site finds them marked as handed over: it waits `resendAfter`, then
  // sends them once more (same _track_id: the collector drops the copy) and forgets them.
  await page.goto(server.origin + sdk);
  await sleep(500);
  assert.equal(requests('flying').length, 1, 'not at once');
  await server.waitFor(() => requests('flying').length === 2, 'the resend after resendAfter');
  await sleep(200);
  tally(t, server, 5, 'flying');
  assert.deepEqual(received(server, 'flying'), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  assert.deepEqual(await drained(page), []);
  assert.deepEqual(await pageErrors(page), []);
  await context.close();
});

test('the page leave tracked at pagehide survives a failed close-time send and comes with the next page', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sdk = sdkPath(server, { flushInterval: 60_000, resendAfter: 300, autotrack: { pageview: false, pageLeave: true } });
  await openSettled(page, server.origin + sdk);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  const leaves = () => server.events().filter((e) => e.distinct_id === id && e.event === '$WebPageLeave');
  server.answer(503);
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => server.received.some((r) => r.status === 503 && r.events.some((e) => e.event === '$WebPageLeave' && e.distinct_id === id)), 'the close-time send');
  server.answer(200);
  await page.goto(server.origin + sdk);
  await server.waitFor(() => leaves().length >= 1, 'the page leave, sent by the next page');
  await sleep(300);
  t.diagnostic(`fault-matrix | tracked 1 | accepted ${leaves().length} | unique ${new Set(leaves().map((e) => e._track_id)).size} | duplicates ${leaves().length - 1} | requests ${server.received.filter((r) => r.events.some((e) => e.event === '$WebPageLeave' && e.distinct_id === id)).length}`);
  assert.equal(leaves().length, 1);
  await context.close();
});

test('events whose request is still being gzipped when the page is left go with the page-hide send', async (t) => {
  const context = await browser.newContext();
  // A gzip that takes 5 s: the drain's request is still being prepared when the page is left.
  await context.addInitScript(`{
    const Gzip = window.CompressionStream;
    window.CompressionStream = function (format) {
      const slow = new TransformStream({ transform: (chunk, out) => new Promise((done) => setTimeout(() => done(out.enqueue(chunk)), 5000)) });
      return { writable: slow.writable, readable: slow.readable.pipeThrough(new Gzip(format)) };
    };
  }`);
  const page = await context.newPage();
  await openSettled(page, server.origin + sdkPath(server, { flushInterval: 60_000 }));
  await trackMany(page, 5, 'gzipping');
  await page.evaluate(() => void (window as any).tracklet.flush());
  await sleep(300);
  assert.equal(requests('gzipping').length, 0, 'the drain is still gzipping');
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => received(server, 'gzipping').length >= 5, 'the page-hide send');
  await sleep(300);
  tally(t, server, 5, 'gzipping');
  assert.deepEqual(requests('gzipping').map((r) => r.form), ['data_list'], 'one plain request: the page-hide send');
  assert.deepEqual(received(server, 'gzipping'), [0, 1, 2, 3, 4]);
  await context.close();
});

test('a backlog larger than one page-hide send: that send carries the oldest, within the keepalive quota; the next page sends the rest', async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sdk = sdkPath(server, { flushInterval: 60_000, resendAfter: 500 });
  await openSettled(page, server.origin + sdk);
  // 300 events of about 800 JSON characters, under batchSize: nothing leaves until the page does.
  await trackMany(page, 300, 'backlog');
  await untilQueued(page, 300);
  assert.equal(requests('backlog').length, 0);
  await page.goto(server.origin + '/elsewhere.html');
  await server.waitFor(() => requests('backlog').length >= 1, 'the page-hide send');
  await sleep(200);
  // Keepalive bodies in flight share a 64 KB quota: the page-hide send fills 60,000 bytes of
  // it, in as many requests as the batch bounds need, and the second call of one leaving
  // (visibilitychange, then pagehide) sends nothing beyond it.
  const hide = requests('backlog');
  const bytes = hide.reduce((sum, r) => sum + r.bytes, 0);
  assert.ok(bytes <= 60_000 && bytes > 50_000, `${hide.length} requests, ${bytes} bytes`);
  assert.ok(hide.every((r) => r.form === 'data_list'), 'plain bodies: no time to gzip');
  const carried = received(server, 'backlog');
  assert.deepEqual(carried, range(0, carried.length), 'the oldest');
  assert.ok(carried.length >= 40 && carried.length < 300, `${carried.length} events in the page-hide send`);
  // The next page sends the others at once, and those handed over unanswered after resendAfter.
  await page.goto(server.origin + sdk);
  await server.waitFor(() => new Set(received(server, 'backlog')).size >= 300, 'all 300', 10_000);
  tally(t, server, 300, 'backlog');
  assert.deepEqual([...new Set(received(server, 'backlog'))], range(0, 300));
  assert.ok(received(server, 'backlog').length <= 300 + carried.length, 'none more than twice');
  assert.deepEqual(await drained(page), []);
  assert.deepEqual(await pageErrors(page), []);
  await context.close();
});
