import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { startTestCollector } from '../unit/helpers/collector-server';
import { launchChromium } from './helpers/chromium';
import { startTestServer, type TestServer } from './helpers/test-server';

// The built SDK against the real reference collector on 127.0.0.1: what one accepts, the other
// accepts, and what the collector refuses reaches the page's onError.

let browser: Browser;
let server: TestServer;
let collector: Awaited<ReturnType<typeof startTestCollector>>;

before(async () => {
  [browser, server, collector] = await Promise.all([launchChromium(), startTestServer(), startTestCollector()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await collector?.stop();
});

/** A page that initializes the SDK against the collector, with `hooks` (source text) added to the options. */
function collectorPage(hooks = ''): string {
  return `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
window.__errors = [];
tracklet.init({ serverUrl: ${JSON.stringify(collector.ingestUrl)}, flushInterval: 50, gzip: false, autotrack: false,
  onError: (e) => window.__errors.push(e.code + ': ' + e.message), ${hooks} });
</script>`;
}

const stored = (event: string) => collector.db.prepare('SELECT COUNT(*) FROM events WHERE event = ?').pluck().get(event) as number;
const rejects = () => collector.db.prepare('SELECT COUNT(*) FROM rejects').pluck().get() as number;
const errors = (page: Page) => page.evaluate(() => (window as any).__errors as string[]);

test('a super property named "prototype", stored by an older SDK, is dropped with a report instead of failing every event', async () => {
  server.page('/supers.html', collectorPage());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/supers.html');
  // What the SDK stored before the naming fix, when registerSuperProperties({ prototype }) passed.
  await page.evaluate(() => localStorage.setItem('tracklet_id_super', JSON.stringify({ prototype: 'x', plan: 'pro' })));
  await page.reload();
  const rejectsBefore = rejects();
  await page.evaluate(() => (window as any).tracklet.track('afterReload'));
  await page.evaluate(() => (window as any).tracklet.flush());
  assert.equal(stored('afterReload'), 1, 'the event reached the collector and was stored');
  assert.equal(rejects(), rejectsBefore, 'the collector refused nothing');
  const payload = JSON.parse(collector.db.prepare("SELECT payload FROM events WHERE event = 'afterReload'").pluck().get() as string);
  assert.equal(payload.properties.plan, 'pro', 'the other super properties are kept');
  assert.equal(Object.prototype.hasOwnProperty.call(payload.properties, 'prototype'), false);
  assert.deepEqual(await errors(page), ['invalid_property: stored super property "prototype" dropped: the key is reserved']);
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('tracklet_id_super')!)), { plan: 'pro' }, 'storage rewritten');
  // And registering one now is refused at the call, as the collector would refuse it.
  await page.evaluate(() => (window as any).tracklet.registerSuperProperties({ constructor: 1, prototype: 2 }));
  assert.deepEqual((await errors(page)).slice(1), [
    'invalid_property: registerSuperProperties: "constructor" dropped: the key is reserved',
    'invalid_property: registerSuperProperties: "prototype" dropped: the key is reserved',
  ]);
  await context.close();
});

test('events the collector refuses in a 2xx answer are each reported through onError with its reason; the rest is stored and nothing is resent', async () => {
  // A beforeSend hook is the caller's code: it can make an event the collector must refuse.
  server.page('/rejected.html', collectorPage(`beforeSend: (p) => { if (p.event === 'broken') p.distinct_id = 'x'.repeat(300); return p; }`));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/rejected.html');
  await page.evaluate(() => {
    const t = (window as any).tracklet;
    t.track('fine1');
    t.track('broken');
    t.track('fine2');
    return t.flush();
  });
  assert.equal(stored('fine1') + stored('fine2'), 2);
  assert.equal(stored('broken'), 0);
  const reported = await errors(page);
  assert.equal(reported.length, 1, reported.join('\n'));
  assert.match(reported[0]!, /^event_rejected: broken \(_track_id \d+\) rejected by the collector \(200\): distinct_id must be at most 255 characters$/);
  // Not kept for a retry: a later flush sends nothing more.
  const before = rejects();
  await page.evaluate(() => (window as any).tracklet.flush());
  await page.waitForTimeout(200);
  assert.equal(rejects(), before, 'the refused event was not sent again');
  await context.close();
});
