import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { settled } from './helpers/autotrack';
import { launchChromium } from './helpers/chromium';
import { errors, newContext, sleep } from './helpers/surface';
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

/** A page that imports the built npm entries as ES modules and runs `body` with `onError` defined. */
const modulePage = (imports: string, body: string) => `<!doctype html><title>core</title><script type="module">
${imports}
window.__errors = [];
const onError = (e) => __errors.push(e.code + ':' + e.message);
${body}
window.__ready = true;
</script>`;

async function open(path: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + path);
  await page.waitForFunction(() => (window as any).__ready);
  return { context, page };
}

const names = (since: number) => server.events().slice(since).map((e) => e.event ?? e.type);
/** Waits, page side, until the route has settled (300 ms without a change, then an idle callback). */

test('tracklet/core tracks without automatic events, and says so when autotrack options come without the plugin', async () => {
  server.page('/core.html', modulePage("import tracklet, { identity } from '/dist/core.mjs';", `
tracklet.init({ serverUrl: '/collect', flushInterval: 50, autotrack: { click: true }, plugins: ['not a plugin', identity], onError });
tracklet.login('core_user');
tracklet.track('purchase', { price: 5 });
await tracklet.flush();`));
  const start = server.events().length;
  const { context, page } = await open('/core.html');
  await server.waitForEvents(start + 2);
  await sleep(300);
  assert.deepEqual(names(start), ['$SignUp', 'purchase'], 'no $pageview, no first-touch profile');
  assert.deepEqual(await errors(page), [
    'invalid_option:init: plugins: not a tracklet plugin; ignored',
    "invalid_option:init: autotrack needs plugins: [autotrack] from 'tracklet/autotrack'",
  ]);
  await context.close();
});

test('tracklet/core with the autotrack plugin sends pageviews, at load and on SPA route changes', async () => {
  server.page('/core-auto.html', modulePage("import tracklet from '/dist/core.mjs';\nimport { autotrack } from '/dist/autotrack.mjs';", `
tracklet.init({ serverUrl: '/collect', flushInterval: 50, plugins: [autotrack, autotrack], autotrack: { pageLeave: false }, onError });`));
  const start = server.events().length;
  const { context, page } = await open('/core-auto.html');
  await settled(page); // the landing's pageview: a route change before it settles would count as the same navigation
  await page.evaluate(() => history.pushState({}, '', '/core-auto/next'));
  await settled(page);
  await server.waitForEvents(start + 3);
  await sleep(300);
  assert.deepEqual(names(start).sort(), ['$pageview', '$pageview', 'profile_set_once'], 'one landing pageview (the plugin passed twice runs once), one for the route');
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('the tracklet entry has autotrack built in; passing the plugin again changes nothing', async () => {
  server.page('/full-auto.html', modulePage("import tracklet from '/dist/index.mjs';\nimport { autotrack } from '/dist/autotrack.mjs';", `
tracklet.init({ serverUrl: '/collect', flushInterval: 50, plugins: [autotrack], autotrack: { pageLeave: false }, onError });`));
  const start = server.events().length;
  const { context, page } = await open('/full-auto.html');
  await server.waitForEvents(start + 2);
  await sleep(300);
  assert.deepEqual(names(start).sort(), ['$pageview', 'profile_set_once']);
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('tracklet/core without the feature plugins: their methods report missing_plugin and send nothing; track, reset and the read-outs work', async () => {
  server.page('/core-lean.html', modulePage("import tracklet from '/dist/core.mjs';", `
localStorage.setItem('tracklet_id_super', JSON.stringify({ plan: 'stored' })); // left by the full entry, say
tracklet.registerSuperProperties({ plan: 'pro' }); // before init(): held, then reported at replay
tracklet.init({ serverUrl: '/collect', flushInterval: 50, onError });
tracklet.timeEvent('watch');
tracklet.login('lean_user');
tracklet.setProfile({ age: 3 });
window.__supers = tracklet.getSuperProperties();
window.__anonymous = tracklet.getAnonymousId();
tracklet.track('watch', { price: 5 });
tracklet.reset();
window.__afterReset = tracklet.getAnonymousId();
tracklet.track('after_reset');
await tracklet.flush();
tracklet.optOut();
window.__superKey = localStorage.getItem('tracklet_id_super');`));
  const start = server.events().length;
  const { context, page } = await open('/core-lean.html');
  await server.waitForEvents(start + 2);
  await sleep(300);
  const events = server.events().slice(start);
  assert.deepEqual(names(start), ['watch', 'after_reset'], 'no $SignUp, no profile_set');
  const [watch, afterReset] = events as { distinct_id: string; properties: Record<string, unknown> }[];
  const anonymous = await page.evaluate(() => (window as any).__anonymous);
  assert.equal(watch!.distinct_id, anonymous, 'still anonymous: login did not run');
  assert.equal(watch!.properties.price, 5);
  assert.equal(watch!.properties.plan, undefined, 'no super property');
  assert.equal(watch!.properties.event_duration, undefined, 'no timer');
  assert.notEqual(afterReset!.distinct_id, anonymous, 'reset() gave a fresh anonymous ID');
  assert.equal(afterReset!.distinct_id, await page.evaluate(() => (window as any).__afterReset));
  assert.deepEqual(await page.evaluate(() => (window as any).__supers), {});
  assert.equal(await page.evaluate(() => (window as any).__superKey), null, 'optOut() erases stored super properties without the plugin too');
  assert.deepEqual(await errors(page), [
    "missing_plugin:registerSuperProperties: needs plugins: [superProperties] from 'tracklet/core'; not done",
    "missing_plugin:timeEvent: needs plugins: [timedEvents] from 'tracklet/core'; not done",
    "missing_plugin:login: needs plugins: [identity] from 'tracklet/core'; not done",
    "missing_plugin:setProfile: needs plugins: [profiles] from 'tracklet/core'; not done",
    "missing_plugin:getSuperProperties: needs plugins: [superProperties] from 'tracklet/core'; not done",
  ]);
  await context.close();
});

test('tracklet/core with every feature plugin has the full API: login, profiles, super properties and timed events', async () => {
  server.page('/core-full.html', modulePage("import tracklet, { identity, profiles, superProperties, timedEvents } from '/dist/core.mjs';", `
tracklet.init({ serverUrl: '/collect', flushInterval: 50, plugins: [identity, profiles, superProperties, timedEvents], onError });
tracklet.registerSuperProperties({ plan: 'pro' });
tracklet.timeEvent('watch');
tracklet.login('full_user');
tracklet.setProfile({ age: 3 });
window.__supers = tracklet.getSuperProperties();
tracklet.track('watch', { price: 5 });
await tracklet.flush();`));
  const start = server.events().length;
  const { context, page } = await open('/core-full.html');
  await server.waitForEvents(start + 3);
  await sleep(300);
  assert.deepEqual(names(start), ['$SignUp', 'profile_set', 'watch']);
  const watch = server.events().slice(start)[2] as { distinct_id: string; properties: Record<string, unknown> };
  assert.equal(watch.distinct_id, 'full_user');
  assert.equal(watch.properties.plan, 'pro');
  assert.equal(typeof watch.properties.event_duration, 'number');
  assert.deepEqual(await page.evaluate(() => (window as any).__supers), { plan: 'pro' });
  assert.deepEqual(await errors(page), []);
  await context.close();
});
