import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { eventsOf, settle, settled, waitFor } from './helpers/autotrack';
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

// A small client-side router, as apps write them: it renders after changing the URL and sets
// the title; `navigateLikeVue` stores the scroll position with replaceState, then pushes the
// new URL and replaces it again with its state (two History calls for one navigation).
const ROUTER = `
window.render = () => { document.title = 'App ' + location.pathname; document.querySelector('main').textContent = location.pathname; };
window.go = (path) => { history.pushState({}, '', path); render(); };
window.navigateLikeVue = (path) => {
  history.replaceState({ ...history.state, scroll: scrollY }, '');
  history.pushState({}, '', path);
  history.replaceState({ key: 1 }, '', path);
  render();
};
addEventListener('popstate', render);
if (window.navigation) navigation.addEventListener('navigate', (e) => {
  if (e.canIntercept && new URL(e.destination.url).pathname === '/app/nav-api') e.intercept({ handler: async () => render() });
});
render();`;

const spaPage = (options: Record<string, unknown>) =>
  sdkPage(server.origin + '/collect', options, ROUTER).replace('<body>', '<body><main></main>');
// Lets the route (or the landing) settle before the next step (steps closer together are one
// navigation, by design): tracklet's 300 ms quiet timer was set before this one, so it fires
// first, and its idle callback runs before this one's.
const run = async (page: Page, script: string) => {
  await page.evaluate(script);
  await settled(page);
};

test('a single-page app: one pageview per real route change, a leave for the old route, no double counting', async () => {
  // The server renders the first route's title; the router sets the others.
  server.page('/app/', spaPage({ autotrack: {} }).replace('tracklet test page', 'App /app/'));
  server.page('/elsewhere.html', '<!doctype html><p>elsewhere</p>');
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = server.origin;
  await page.goto(origin + '/app/');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await settled(page); // the landing's pageview
  const arrived = () => eventsOf(server, id).map((e) => (e.event ?? e.type) + ' ' + new URL(String(e.properties.$url ?? origin)).pathname).join(', ');
  await run(page, "go('/app/about')");
  await run(page, "navigateLikeVue('/app/pricing')"); // replaceState + pushState + replaceState: one pageview
  await run(page, "history.replaceState({ a: 1 }, ''); history.replaceState({ a: 2 }, ''); history.replaceState({ a: 3 }, '')");
  await run(page, "history.replaceState({}, '', '/app/pricing?tab=2')"); // same path: state, not a page
  await run(page, "history.replaceState({}, '', '/app/replaced'); render()"); // a replaceState that changes the path counts
  await run(page, 'history.back()'); // popstate to /app/about
  await waitFor(() => eventsOf(server, id, '$pageview').length === 5, 'the pageview after history.back()', undefined, arrived);
  await run(page, "location.hash = '#section'; history.pushState({}, '', '#top')"); // hash-only: not a route change
  await run(page, "navigation.navigate('/app/nav-api').finished"); // Navigation API, no History call
  assert.equal(await page.evaluate(() => location.pathname + ' ' + typeof (window as any).tracklet), '/app/nav-api object', 'intercepted: still the app\'s document');
  await page.goto(origin + '/elsewhere.html');
  await waitFor(() => eventsOf(server, id, '$WebPageLeave').length >= 6, 'the last leave event', undefined, arrived);
  await settle();

  // In time order: the last leave goes by beacon and may overtake the fetch before it.
  const events = eventsOf(server, id).filter((e) => e.type === 'track').sort((a, b) => (a.time as number) - (b.time as number));
  const summary = events.map((e) => [e.event, e.properties.$url, e.properties.$referrer]);
  assert.deepEqual(summary, [
    ['$pageview', origin + '/app/', ''],
    ['$WebPageLeave', origin + '/app/', ''],
    ['$pageview', origin + '/app/about', origin + '/app/'],
    ['$WebPageLeave', origin + '/app/about', origin + '/app/'],
    ['$pageview', origin + '/app/pricing', origin + '/app/about'],
    ['$WebPageLeave', origin + '/app/pricing', origin + '/app/about'],
    ['$pageview', origin + '/app/replaced', origin + '/app/pricing'],
    ['$WebPageLeave', origin + '/app/replaced', origin + '/app/pricing'],
    ['$pageview', origin + '/app/about', origin + '/app/replaced'],
    ['$WebPageLeave', origin + '/app/about', origin + '/app/replaced'],
    ['$pageview', origin + '/app/nav-api', origin + '/app/about'],
    ['$WebPageLeave', origin + '/app/nav-api', origin + '/app/about'],
  ]);
  const pageviews = events.filter((e) => e.event === '$pageview').map((e) => e.properties);
  assert.deepEqual(pageviews.map((p) => p.$title), ['App /app/', 'App /app/about', 'App /app/pricing', 'App /app/replaced', 'App /app/about', 'App /app/nav-api'],
    'the title the router set for the route');
  assert.deepEqual(pageviews.map((p) => p.$url_path), ['/app/', '/app/about', '/app/pricing', '/app/replaced', '/app/about', '/app/nav-api']);
  assert.deepEqual(pageviews.map((p) => p.$is_first_time), [true, false, false, false, false, false]);
  const leaves = events.filter((e) => e.event === '$WebPageLeave').map((e) => e.properties);
  assert.equal(leaves[0]!.$title, 'App /app/', 'a leave repeats its own page view\'s title, not the next route\'s');
  assert.equal(leaves[0]!.$url_path, '/app/');
  assert.equal(new Set(events.map((e) => e.properties.$session_id)).size, 1);
  await context.close();
});

test("autotrack: { pageview: 'hash' } counts hash routes, still once per route", async () => {
  server.page('/hash-app.html', spaPage({ autotrack: { pageview: 'hash', pageLeave: false } }));
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = server.origin + '/hash-app.html';
  await page.goto(url);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await settled(page); // the landing's pageview
  await run(page, "location.hash = '#/a'");
  await run(page, "history.pushState({}, '', '#/b'); history.replaceState({ k: 1 }, '', '#/b')");
  await run(page, "history.replaceState({ k: 2 }, '')");
  await waitFor(() => eventsOf(server, id, '$pageview').length === 3, 'three pageviews');
  await settle();
  assert.deepEqual(eventsOf(server, id).filter((e) => e.type === 'track').map((e) => [e.event, e.properties.$url, e.properties.$referrer]), [
    ['$pageview', url, ''],
    ['$pageview', url + '#/a', url],
    ['$pageview', url + '#/b', url + '#/a'],
  ]);
  await context.close();
});

test('without the Navigation API (older browsers), the History patch and popstate alone count each route once', async () => {
  server.page('/app/old-browser', spaPage({ autotrack: { pageview: 'hash', pageLeave: false } }));
  const context = await browser.newContext();
  await context.addInitScript('Object.defineProperty(window, "navigation", { value: undefined })');
  const page = await context.newPage();
  const base = server.origin + '/app/';
  await page.goto(base + 'old-browser');
  assert.equal(await page.evaluate(() => (window as any).navigation), undefined);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await settled(page); // the landing's pageview
  await run(page, "go('/app/about')");
  await run(page, "navigateLikeVue('/app/pricing')");
  await run(page, 'history.back()');
  await run(page, "location.hash = '#/tab'");
  await waitFor(() => eventsOf(server, id, '$pageview').length === 5, 'five pageviews');
  await settle();
  assert.deepEqual(eventsOf(server, id, '$pageview').map((e) => e.properties.$url), [
    base + 'old-browser', base + 'about', base + 'pricing', base + 'about', base + 'about#/tab',
  ]);
  await context.close();
});

// A time limit: this test once hung in a full run (it passed alone), and a hang must fail, not
// stall the suite.
test('a route where the person pressed or typed counts, even when the next route follows within the quiet time', { timeout: 60_000 }, async () => {
  server.page('/act/', spaPage({ autotrack: {} }).replace('<main></main>', '<main></main><button id="act">act</button>'));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.origin + '/act/');
    const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
    await settled(page); // the landing's pageview
    const paths = () => eventsOf(server, id, '$pageview').map((e) => e.properties.$url_path);
    // Without input between them, two route changes within 300 ms are one navigation (a redirect).
    await run(page, "go('/act/redirected-from'); setTimeout(() => go('/act/redirected-to'), 50)");
    // A press on the page between two quick route changes: the first route was visited.
    await page.evaluate("go('/act/reports')");
    await page.click('#act', { timeout: 10_000 });
    await page.evaluate("go('/act/settings')");
    // A key press does the same.
    await page.keyboard.press('Tab');
    await run(page, "go('/act/help')");
    await page.evaluate(() => (window as any).tracklet.flush());
    await waitFor(() => paths().length === 5, 'five pageviews', undefined, () => paths().join(', '));
    assert.deepEqual(paths(), ['/act/', '/act/redirected-to', '/act/reports', '/act/settings', '/act/help']);
  } finally {
    await context.close();
  }
});
