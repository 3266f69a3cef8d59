import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
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

const LOADER = readFileSync('docs/loader-snippet.html', 'utf8');

test('the async loader snippet queues calls before the script arrives; they are replayed with their own time', async () => {
  // The script tag is added 300 ms after the calls, standing in for a slow CDN.
  server.page('/loader.html', `<!doctype html><title>loader</title>${LOADER}
<script>
tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 50, autotrack: false });
tracklet.login('early_user');
tracklet.track('early', { n: 1 });
window.__calledAt = Date.now();
setTimeout(() => { const s = document.createElement('script'); s.src = '/dist/tracklet.min.js'; document.head.append(s); }, 300);
</script>`);
  const page = await browser.newPage();
  const start = server.events().length;
  await page.goto(server.origin + '/loader.html');
  const events = (await server.waitForEvents(start + 2)).slice(start);
  const calledAt = await page.evaluate(() => (window as any).__calledAt as number);
  assert.deepEqual(events.map((e) => e.event), ['$SignUp', 'early']);
  assert.equal(events[1]!.distinct_id, 'early_user');
  for (const event of events) {
    assert.ok(Math.abs((event.time as number) - calledAt) < 50, 'time is when the call was made, not when replayed');
    assert.ok((event._flush_time as number) - (event.time as number) >= 250, 'sent after the script arrived');
  }
  await page.close();
});

test('calls made before init() are replayed by init() with their original time', async () => {
  server.page('/late-init.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
tracklet.track('beforeInit');
window.__calledAt = Date.now();
setTimeout(() => tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 50, autotrack: false }), 200);
</script>`);
  const page = await browser.newPage();
  const start = server.events().length;
  await page.goto(server.origin + '/late-init.html');
  const [event] = (await server.waitForEvents(start + 1)).slice(start);
  const calledAt = await page.evaluate(() => (window as any).__calledAt as number);
  assert.equal(event!.event, 'beforeInit');
  assert.ok(Math.abs((event!.time as number) - calledAt) < 50);
  await page.close();
});

test('init without serverUrl reports the problem, throws nothing, and tracking stays off', async () => {
  server.page('/bad-init.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
window.__errors = [];
tracklet.init({ onError: (e) => window.__errors.push(e.code + ': ' + e.message) });
tracklet.track('lost');
</script>`);
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.origin + '/bad-init.html');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), ['invalid_option: init: serverUrl is required and must be a URL']);
  assert.equal(await page.evaluate(() => (window as any).tracklet.getDistinctId()), '');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
