import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
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

test('events are batched into one CORS-simple form POST in the wire format; flush() resolves after the answer', async () => {
  server.page('/batch.html', sdkPage(server.origin + '/collect', { flushInterval: 60_000 }));
  const page = await browser.newPage();
  await page.goto(server.origin + '/batch.html');
  const start = server.received.length;
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) (window as any).tracklet.track('batched', { i });
    await (window as any).tracklet.flush();
  });
  const requests = server.received.slice(start);
  assert.equal(requests.length, 1, 'one request for five events');
  assert.equal(requests[0]!.method, 'POST');
  assert.equal(requests[0]!.contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual(requests[0]!.events.map((e) => (e.properties as { i: number }).i), [0, 1, 2, 3, 4]);
  await page.close();
});

test('identity events are sent at once, without waiting for the flush interval', async () => {
  server.page('/urgent.html', sdkPage(server.origin + '/collect', { flushInterval: 60_000 }));
  const page = await browser.newPage();
  await page.goto(server.origin + '/urgent.html');
  const start = server.events().length;
  await page.evaluate(() => (window as any).tracklet.login('urgent_user'));
  const [event] = (await server.waitForEvents(start + 1, 3000)).slice(start);
  assert.equal(event!.event, '$SignUp');
  await page.close();
});

test('events still queued when the page is left are delivered by the page-hide keepalive send', async () => {
  server.page('/leave.html', sdkPage(server.origin + '/collect', { flushInterval: 60_000 }));
  server.page('/next.html', '<!doctype html><p>next</p>');
  const page = await browser.newPage();
  // Counts keepalive requests (which, like sendBeacon, outlive the page) in localStorage,
  // which outlives the page being left.
  await page.addInitScript({
    content: `const send = window.fetch.bind(window);
      window.fetch = (url, init) => {
        if (init && init.keepalive) localStorage.keepalives = Number(localStorage.keepalives || 0) + 1;
        return send(url, init);
      };`,
  });
  await page.goto(server.origin + '/leave.html');
  const start = server.events().length;
  await page.evaluate(() => {
    for (let i = 0; i < 20; i++) (window as any).tracklet.track('beforeLeaving', { i });
  });
  await page.goto(server.origin + '/next.html');
  const events = (await server.waitForEvents(start + 20)).slice(start);
  assert.deepEqual(events.map((e) => (e.properties as { i: number }).i), Array.from({ length: 20 }, (_, i) => i));
  assert.ok(Number(await page.evaluate(() => localStorage.keepalives)) >= 1, 'sent with keepalive as the page was left');
  await page.close();
});

test('without fetch, XMLHttpRequest carries the events', async () => {
  server.page('/xhr.html', sdkPage(server.origin + '/collect').replace('<script src=', '<script>delete window.fetch;</script><script src='));
  const page = await browser.newPage();
  await page.goto(server.origin + '/xhr.html');
  const start = server.events().length;
  await page.evaluate(async () => {
    (window as any).tracklet.track('viaXhr');
    await (window as any).tracklet.flush();
  });
  assert.equal(server.events()[start]!.event, 'viaXhr');
  assert.equal(await page.evaluate(() => typeof window.fetch), 'undefined');
  await page.close();
});
