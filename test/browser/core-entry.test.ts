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
  server.page('/core.html', modulePage("import tracklet from '/dist/core.mjs';", `
tracklet.init({ serverUrl: '/collect', flushInterval: 50, autotrack: { click: true }, plugins: ['not a plugin'], onError });
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
