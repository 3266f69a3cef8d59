import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { call, errors, newContext, sleep, storage } from './helpers/surface';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  server.page('/consent.html', sdkPage(server.origin + '/collect', { requireConsent: true }));
  server.page('/p.html', sdkPage(server.origin + '/collect'));
  server.page('/slow.html', sdkPage(server.origin + '/collect', { flushInterval: 60_000 }));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const activity = async (page: import('playwright').Page) => {
  await call(page, 'track', 'beforeConsent', { n: 1 });
  await call(page, 'login', 'early_user');
  await call(page, 'setProfile', { city: 'Rome' });
  await call(page, 'registerSuperProperties', { member: 'VIP' });
  await call(page, 'flush');
};

test('with requireConsent nothing is stored or sent before optIn(); optIn() sends the held calls with their time', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const requests = server.received.length;
  const loadedAt = Date.now();
  await page.goto(server.origin + '/consent.html');
  await activity(page);
  await sleep(200);
  assert.equal(server.received.length, requests, 'no request before consent');
  assert.deepEqual(await context.cookies(), [], 'no cookie before consent (not even the domain probe)');
  assert.deepEqual(await storage(page), {}, 'no localStorage before consent');
  assert.equal(await call(page, 'getDistinctId'), '', 'no identity exists yet');

  const start = server.events().length;
  const consentAt = Date.now();
  await call(page, 'optIn');
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + 3)).slice(start);
  assert.deepEqual(events.map((e) => e.event ?? e.type), ['beforeConsent', '$SignUp', 'profile_set']);
  assert.equal(events[0]!.distinct_id, await call(page, 'getAnonymousId'), 'filed under the identity made at optIn()');
  assert.ok((events[0]!.time as number) >= loadedAt && (events[0]!.time as number) < consentAt, 'the held event keeps the time it was tracked');
  assert.deepEqual(await call(page, 'getSuperProperties'), { member: 'VIP' });
  assert.equal((await context.cookies())[0]!.name, 'tracklet_id');
  assert.equal((await storage(page)).tracklet_id_consent, '1');

  // The decision persists: after a reload events flow without another optIn().
  await page.reload();
  const next = server.events().length;
  await call(page, 'track', 'afterReload');
  await call(page, 'flush');
  assert.equal((await server.waitForEvents(next + 1)).slice(next)[0]!.event, 'afterReload');
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('optOut() before consent discards the held calls; a later optIn() sends only what follows', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/consent.html');
  await activity(page);
  await call(page, 'optOut');
  await call(page, 'track', 'whileOptedOut');
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(await storage(page), { tracklet_id_consent: '0' }, 'only the decision is stored');
  const start = server.events().length;
  await call(page, 'optIn');
  await call(page, 'track', 'afterOptIn');
  await call(page, 'flush');
  await sleep(100);
  const events = server.events().slice(start);
  assert.deepEqual(events.map((e) => e.event), ['afterOptIn']);
  await context.close();
});

test('optOut() stops sending and erases the cookie, the queue, super properties and other storage; it persists', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/slow.html');
  await call(page, 'registerSuperProperties', { member: 'VIP' });
  await call(page, 'login', 'u1');
  await call(page, 'flush');
  const oldCookieId = ((await call(page, 'getIdentities')) as Record<string, string>).$identity_cookie_id;
  assert.deepEqual(Object.keys(await storage(page)).sort(), ['tracklet_id_ids', 'tracklet_id_latest', 'tracklet_id_session', 'tracklet_id_super', 'tracklet_id_visit']);
  assert.equal((await context.cookies()).length, 1);

  const requests = server.received.length;
  await call(page, 'track', 'queuedThenOptedOut'); // waits for the 60 s interval: still queued
  await call(page, 'optOut');
  await call(page, 'track', 'afterOptOut');
  await call(page, 'setProfile', { a: 1 });
  await call(page, 'flush');
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await sleep(200);
  assert.equal(server.received.length, requests, 'neither the queued event nor later calls were sent');
  assert.deepEqual(await context.cookies(), [], 'the identity cookie is gone');
  assert.deepEqual(await storage(page), { tracklet_id_consent: '0' }, 'only the decision remains');
  assert.deepEqual(await call(page, 'getSuperProperties'), {});
  assert.equal(await call(page, 'getDistinctId'), '');

  await page.reload();
  await call(page, 'track', 'afterReload');
  await call(page, 'flush');
  await sleep(100);
  assert.equal(server.received.length, requests, 'still opted out after a reload');
  assert.deepEqual(await context.cookies(), [], 'no cookie is written while opted out');

  const start = server.events().length;
  await call(page, 'optIn');
  await call(page, 'track', 'resumed');
  await call(page, 'flush');
  const [resumed] = (await server.waitForEvents(start + 1)).slice(start);
  assert.equal(resumed!.event, 'resumed');
  assert.notEqual(resumed!.distinct_id, oldCookieId, 'a new anonymous user: the old ID was erased');
  assert.equal((resumed!.properties as Record<string, unknown>).member, undefined);
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('without requireConsent tracking starts at once; optIn() and optOut() before init() are applied by init()', async () => {
  server.page('/early.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
    window.__errors = [];
    tracklet.optOut();
    tracklet.track('heldThenDiscarded');
    tracklet.init({ serverUrl: ${JSON.stringify(server.origin + '/collect')}, flushInterval: 50, onError: (e) => __errors.push(e.code) });
  </script>`);
  const context = await newContext(browser);
  const page = await context.newPage();
  const requests = server.received.length;
  await page.goto(server.origin + '/early.html');
  await call(page, 'flush');
  await sleep(100);
  assert.equal(server.received.length, requests);
  assert.deepEqual(await storage(page), { tracklet_id_consent: '0' });
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});
