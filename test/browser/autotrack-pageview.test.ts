import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { eventsOf, settle, waitFor } from './helpers/autotrack';
import { CHROMIUM_ARGS, chromiumPath } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;
before(async () => {
  // Playwright turns the back/forward cache off by default; this file needs it on.
  const executablePath = chromiumPath();
  browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  server = await startTestServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page of the test site with tracklet's defaults (`autotrack: {}`), a title and some body. */
const sitePage = (title: string, body = '', options: Record<string, unknown> = {}) =>
  sdkPage(server.origin + '/collect', { autotrack: {}, ...options })
    .replace('<title>tracklet test page</title>', '<title>' + title + '</title>')
    .replace('<body>', '<body>' + body);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a multi-page visit: $pageview per page with URL, path, title, referrer and campaign; first touch sent once', async () => {
  server.page('/site/a.html', sitePage('Page A', '<a id="next" href="/site/b.html">Next</a>'));
  server.page('/site/b.html', sitePage('Page B'));
  const context = await browser.newContext();
  const page = await context.newPage();
  const landing = server.origin + '/site/a.html?utm_source=news&utm_medium=email&utm_campaign=spring';
  await page.goto(landing);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await page.click('#next');
  await waitFor(() => eventsOf(server, id, '$pageview').length === 2, 'the second pageview');

  const [a, b] = eventsOf(server, id, '$pageview').map((e) => e.properties);
  assert.equal(a!.$url, landing);
  assert.equal(a!.$url_path, '/site/a.html');
  assert.equal(a!.$title, 'Page A');
  assert.equal(a!.$referrer, '');
  assert.equal(a!.$referrer_host, '');
  assert.equal(a!.$is_first_time, true);
  assert.deepEqual([a!.$utm_source, a!.$utm_medium, a!.$utm_campaign, a!.$utm_content], ['news', 'email', 'spring', undefined]);
  assert.match(a!.$session_id as string, UUID);
  assert.equal(a!.$latest_traffic_source_type, 'paid');
  assert.equal(a!.$latest_utm_source, 'news');

  assert.equal(b!.$url, server.origin + '/site/b.html');
  assert.equal(b!.$title, 'Page B');
  assert.equal(b!.$referrer, landing, 'the previous page is the referrer');
  assert.equal(b!.$referrer_host, '127.0.0.1');
  assert.equal(b!.$is_first_time, false);
  assert.equal(b!.$utm_source, undefined, 'campaign properties belong to the tagged URL');
  assert.equal(b!.$session_id, a!.$session_id, 'one session');
  assert.equal(b!.$latest_utm_source, 'news', 'an internal referrer keeps the latest touch');
  assert.equal(b!.$latest_traffic_source_type, 'paid');

  await settle();
  const profiles = eventsOf(server, id).filter((e) => e.type === 'profile_set_once');
  assert.equal(profiles.length, 1, 'first touch is sent once, on the first visit');
  const first = profiles[0]!;
  assert.equal(first.event, undefined);
  assert.equal(first.properties.$first_traffic_source_type, 'paid');
  assert.equal(first.properties.$first_utm_campaign, 'spring');
  assert.equal(first.properties.$first_referrer, '');
  assert.match(first.properties.$first_visit_time as string, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/, 'yyyy-MM-dd HH:mm:ss.SSS, like every date');
  assert.equal(first.properties.$lib, undefined, 'no presets on a profile payload');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await context.close();
});

test('a pageview waits while the page is prerendering and is sent when it is activated', async () => {
  server.page('/prerender.html', sitePage('Prerendered'));
  const context = await browser.newContext();
  // Emulates a prerendered page: document.prerendering is true until "activation".
  // (A string: the function form, once compiled by tsx, did not take effect.)
  await context.addInitScript(`
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'prerendering', { get: () => prerendering, configurable: true });
    window.__activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };`);
  const page = await context.newPage();
  await page.goto(server.origin + '/prerender.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await settle();
  assert.deepEqual(eventsOf(server, id).map((e) => [e.type, e.event]), [], 'nothing while prerendering');
  const activatedAt = await page.evaluate(() => {
    const time = Date.now();
    (window as any).__activate();
    return time;
  });
  const [view] = await waitFor(() => eventsOf(server, id, '$pageview').length && eventsOf(server, id, '$pageview'), 'the pageview');
  assert.ok((view!.time as number) >= activatedAt, 'counted from activation');
  await context.close();
});

test('a back/forward-cache restore counts as a pageview, and each page view gets its leave event', async () => {
  // bfcache needs a cacheable page (no Cache-Control: no-store).
  server.page('/bf/a.html', sitePage('BF A', '<a id="next" href="/bf/b.html">B</a>'), { 'Cache-Control': 'max-age=0' });
  server.page('/bf/b.html', '<!doctype html><title>B</title><p>no tracker here</p>', { 'Cache-Control': 'max-age=0' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => addEventListener('pageshow', (e) => e.persisted && (sessionStorage.restored = 'yes')));
  await page.goto(server.origin + '/bf/a.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await waitFor(() => eventsOf(server, id, '$pageview').length === 1, 'the first pageview');
  await page.click('#next');
  await page.waitForURL('**/bf/b.html');
  await page.goBack({ waitUntil: 'commit' });
  const restored = await page.evaluate(() => sessionStorage.restored === 'yes');
  assert.ok(restored, 'Chromium restored the page from the back/forward cache');
  await waitFor(() => eventsOf(server, id, '$pageview').length === 2, 'the pageview of the restore');
  const names = () => eventsOf(server, id).filter((e) => e.type === 'track').map((e) => e.event);
  await waitFor(() => names().length >= 3, 'the leave event');
  assert.deepEqual(names(), ['$pageview', '$WebPageLeave', '$pageview']);
  const restoredView = eventsOf(server, id, '$pageview')[1]!.properties;
  assert.equal(restoredView.$url, server.origin + '/bf/a.html');
  assert.equal(restoredView.$is_first_time, false);
  await context.close();
});
