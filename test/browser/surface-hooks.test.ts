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
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const API = [
  'appendProfile', 'bind', 'clearSuperProperties', 'deleteProfile', 'flush', 'getAnonymousId', 'getDistinctId', 'getIdentities',
  'getLoginId', 'getSuperProperties', 'identify', 'incrementProfile', 'init', 'login', 'logout', 'optIn', 'optOut',
  'registerSuperProperties', 'reset', 'resetAnonymousIdentity', 'setOnceProfile', 'setProfile', 'timeEvent', 'track',
  'unbind', 'unregisterSuperProperty', 'unsetProfile',
];

for (const mode of [0, 1, 2]) {
  test(`debugMode ${mode}: ${['silent, stored', 'logs, asks the collector not to store (debug=1)', 'logs and stores'][mode]}`, async () => {
    server.page(`/debug${mode}.html`, sdkPage(server.origin + '/collect', { debugMode: mode }));
    const context = await newContext(browser);
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (message) => logs.push(message.type() + ' ' + message.text()));
    const requests = server.received.length;
    await page.goto(server.origin + `/debug${mode}.html`);
    await call(page, 'track', 'buy', { price: 5 });
    await call(page, 'track', 'bad name');
    await call(page, 'flush');
    const deadline = Date.now() + 5000;
    while (server.received.length === requests && Date.now() < deadline) await sleep(20);
    const request = server.received.at(-1)!;
    assert.equal(new URL(request.url, server.origin).searchParams.get('debug'), mode === 1 ? '1' : null);
    assert.equal(request.events[0]!.event, 'buy');
    const ours = logs.filter((line) => line.includes('[tracklet]'));
    if (mode === 0) assert.deepEqual(ours, []);
    else {
      assert.ok(ours.some((line) => line.startsWith('log [tracklet] buy')), 'the payload is logged: ' + ours.join(' | '));
      assert.ok(ours.some((line) => line.startsWith('warning [tracklet] track("bad name"): the event name')), 'the drop is logged with its reason');
    }
    await context.close();
  });
}

test('beforeSend can edit or drop an event; a throwing beforeSend is reported and the event sent unchanged', async () => {
  server.page('/hook.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
    window.__errors = [];
    tracklet.init({
      serverUrl: ${JSON.stringify(server.origin + '/collect')}, flushInterval: 50, autotrack: false,
      onError: (e) => __errors.push(e.code + ':' + e.message),
      beforeSend(payload) {
        if (payload.event === 'secret') return false;
        if (payload.event === 'nulled') return null;
        if (payload.event === 'boom') { payload.properties.tampered = true; throw new Error('hook bug'); }
        if (payload.event === 'edit') payload.properties.edited = 'yes';
        if (payload.event === 'replace') return Object.assign({}, payload, { event: 'replaced' });
      },
    });
  </script>`);
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/hook.html');
  const start = server.events().length;
  for (const name of ['secret', 'edit', 'nulled', 'boom', 'replace', 'plain']) await call(page, 'track', name);
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + 4)).slice(start);
  assert.deepEqual(events.map((e) => e.event), ['edit', 'boom', 'replaced', 'plain']);
  assert.equal((events[0]!.properties as Record<string, unknown>).edited, 'yes');
  assert.equal((events[1]!.properties as Record<string, unknown>).tampered, undefined, 'kept unchanged');
  assert.deepEqual(await errors(page), ['before_send_failed:beforeSend failed (Error: hook bug); event sent unchanged']);
  await context.close();
});

test('two instances on one page keep their cookie, storage, queue and consent apart', async () => {
  server.page('/two.html', `<!doctype html><script type="module">
    import tracklet, { createTracker } from '/dist/index.mjs';
    window.__errors = [];
    const onError = (e) => __errors.push(e.code + ':' + e.message);
    window.a = createTracker({ serverUrl: '/collect?i=a', cookieName: 'tracklet_a', flushInterval: 50, onError });
    window.b = createTracker({ serverUrl: '/collect?i=b', cookieName: 'tracklet_b', flushInterval: 50, onError });
    window.__default = tracklet;
  </script>`);
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/two.html');
  await page.waitForFunction(() => (window as any).b);
  // Each instance's landing pageview is built once the route settles (300 ms, then an idle
  // callback); let both arrive first, so that the phases below see only the events they cause.
  const [idA0, idB0] = await page.evaluate(() => [(window as any).a.getDistinctId(), (window as any).b.getDistinctId()]);
  await page.evaluate(() => new Promise((resolve) => setTimeout(() => requestIdleCallback(resolve), 400)));
  await server.waitFor(() => [idA0, idB0].every((id) => server.events().some((e) => e.event === '$pageview' && e.distinct_id === id)), 'both landing pageviews');
  await sleep(200);
  const start = server.events().length;
  await page.evaluate(() => {
    const { a, b } = window as any;
    a.login('alice');
    a.registerSuperProperties({ shop: 'a' });
    b.registerSuperProperties({ shop: 'b' });
    a.track('fromA');
    b.track('fromB');
    return Promise.all([a.flush(), b.flush()]);
  });
  const events = (await server.waitForEvents(start + 3)).slice(start);
  const byName = Object.fromEntries(events.map((e) => [e.event, e]));
  const idsA = await page.evaluate(() => (window as any).a.getIdentities());
  const idsB = await page.evaluate(() => (window as any).b.getIdentities());
  assert.notEqual(idsA.$identity_cookie_id, idsB.$identity_cookie_id);
  assert.equal(byName.fromA!.distinct_id, 'alice');
  assert.equal(byName.fromB!.distinct_id, idsB.$identity_cookie_id, 'b is still anonymous');
  assert.equal((byName.fromA!.properties as Record<string, unknown>).shop, 'a');
  assert.equal((byName.fromB!.properties as Record<string, unknown>).shop, 'b');
  // Each instance posts to its own URL, and a request carries one instance's user only (b's
  // request may also carry its autotracked pageview).
  const requests = server.received.filter((r) => r.events.some((e) => e.event === 'fromA' || e.event === 'fromB'));
  const urls = requests.map((r) => r.url + ':' + r.events.map((e) => e.event ?? e.type).join());
  assert.ok(requests.every((r) => new Set(r.events.map((e) => e.distinct_id)).size === 1), 'one user per request: ' + urls);
  assert.equal(requests.find((r) => r.events.some((e) => e.event === 'fromB'))!.url, '/collect?i=b', 'b sends through its own queue to its own URL: ' + urls);
  assert.equal(requests.find((r) => r.events.some((e) => e.event === 'fromA'))!.url, '/collect?i=a', 'and a through its own: ' + urls);
  assert.deepEqual((await context.cookies()).map((c) => c.name).sort(), ['tracklet_a', 'tracklet_b']);
  assert.deepEqual(Object.keys(await storage(page)).sort(), ['tracklet_a_ids', 'tracklet_a_latest', 'tracklet_a_session', 'tracklet_a_super', 'tracklet_a_visit', 'tracklet_b_ids', 'tracklet_b_latest', 'tracklet_b_session', 'tracklet_b_super', 'tracklet_b_visit']);

  await page.evaluate(() => (window as any).a.optOut());
  assert.deepEqual((await context.cookies()).map((c) => c.name), ['tracklet_b'], 'opting out of a leaves b alone');
  assert.deepEqual(Object.keys(await storage(page)).sort(), ['tracklet_a_consent', 'tracklet_b_ids', 'tracklet_b_latest', 'tracklet_b_session', 'tracklet_b_super', 'tracklet_b_visit']);
  const next = server.events().length;
  await page.evaluate(() => {
    (window as any).a.track('aAfterOptOut');
    (window as any).b.track('bStillTracks');
    return Promise.all([(window as any).a.flush(), (window as any).b.flush()]);
  });
  assert.deepEqual((await server.waitForEvents(next + 1)).slice(next).map((e) => e.event), ['bStillTracks']);
  assert.deepEqual(await errors(page), []);
  const api = await page.evaluate(() => [Object.keys((window as any).a).sort(), Object.keys((window as any).__default).sort()]);
  assert.deepEqual(api, [API, API], 'createTracker() and the default instance share one API');
  await context.close();
});

test('calls made before init() are replayed by it, new methods included, and the script tag exposes the whole API', async () => {
  server.page('/replay.html', `<!doctype html><script>
    window.tracklet = { _q: [] };
    ['registerSuperProperties', 'timeEvent', 'track', 'setProfile'].forEach((m) => {
      window.tracklet[m] = function () { window.tracklet._q.push([m, arguments, Date.now()]); };
    });
    tracklet.registerSuperProperties({ early: true });
    tracklet.timeEvent('load');
    tracklet.track('load');
    tracklet.setProfile({ early: 'yes' });
  </script><script src="/dist/tracklet.min.js"></script><script>
    window.__errors = [];
    tracklet.track('beforeInit', { n: 1 });
    tracklet.init({ serverUrl: ${JSON.stringify(server.origin + '/collect')}, flushInterval: 50, autotrack: false, onError: (e) => __errors.push(e.code) });
  </script>`);
  const context = await newContext(browser);
  const page = await context.newPage();
  const start = server.events().length;
  await page.goto(server.origin + '/replay.html');
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + 3)).slice(start);
  assert.deepEqual(events.map((e) => e.event ?? e.type), ['load', 'profile_set', 'beforeInit']);
  assert.equal((events[0]!.properties as Record<string, unknown>).early, true);
  assert.equal(typeof (events[0]!.properties as Record<string, unknown>).event_duration, 'number');
  assert.equal((events[2]!.properties as Record<string, unknown>).early, true);
  assert.deepEqual(await page.evaluate(() => Object.keys((window as any).tracklet).sort()), API);
  assert.deepEqual(await errors(page), []);
  await context.close();
});
