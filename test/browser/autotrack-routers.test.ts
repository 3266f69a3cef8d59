import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { eventsOf, settle, waitFor } from './helpers/autotrack';
import { launchChromium } from './helpers/chromium';
import { setVisibility } from './helpers/delivery';
import { buildRouterApps, routerAppPage, type RouterApp } from './helpers/router-apps';
import { startTestServer, type TestServer } from './helpers/test-server';

// Small apps on real routers (React Router 7, Vue Router 4), bundled with tracklet's npm entry
// and driven as users drive them; every step is checked on what the collector receives. The
// table of each run goes to .tmp/router-table.md.
let browser: Browser;
let server: TestServer;
before(async () => {
  [browser, server] = await Promise.all([launchChromium([], { bfcache: true }), startTestServer(), buildRouterApps()]);
  server.page('/elsewhere.html', '<!doctype html><title>Elsewhere</title><p>no tracker here</p>', true);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

interface Step {
  name: string;
  /** Drives the app; `tab` is the page the step acts on. */
  run(tab: Page): Promise<unknown>;
  /** What the collector must receive, as `describe()` writes it. */
  expected: string[];
  /** Leave the title out of the comparison (a page hidden before the app set it). */
  noTitle?: boolean;
}

const navigate = (tab: Page, to: string) => tab.evaluate((to) => (window as any).appNavigate(to), to);
const ROUTES = ['', 'products', 'login', 'account', 'search'];

for (const [app, mode] of [['react', 'declarative'], ['react', 'data'], ['vue', 'history'], ['vue', 'hash']] as [RouterApp, string][]) {
  test(`${app} router (${mode}): one pageview per navigation, for the final URL, with the route's own title`, async () => {
    const hash = mode === 'hash';
    const base = '/' + app + '-' + mode + '/';
    const html = routerAppPage(app, mode, base, { serverUrl: server.origin + '/collect', flushInterval: 50, autotrack: { pageview: hash ? 'hash' : true } });
    for (const route of ROUTES) server.page(base + route, html, true); // cacheable: bfcache allowed
    const url = (route: string) => server.origin + base + (hash ? '#' : '') + route.slice(1);
    const context = await browser.newContext();
    await context.addInitScript(() => addEventListener('pageshow', (e) => e.persisted && (sessionStorage.restored = 'yes')));
    const page = await context.newPage();
    let tab = page;
    const pv = (path: string, title: string, referrer: string) => `$pageview ${base.slice(0, -1)}${hash ? '/#' : ''}${path} "${title} · Shop" ← ${referrer && base.slice(0, -1) + (hash ? '/#' : '') + referrer}`;
    const leave = (path: string) => `$WebPageLeave ${base.slice(0, -1)}${hash ? '/#' : ''}${path}`;
    const steps: Step[] = [
      { name: 'landing', run: (t) => t.goto(server.origin + base), expected: [pv('/', 'Home', '')] },
      { name: 'link click', run: (t) => t.click('#to-products'), expected: [leave('/'), pv('/products', 'Products', '/')] },
      { name: 'navigate() to /login, which redirects in an effect', run: (t) => navigate(t, '/login'), expected: [leave('/products'), pv('/account', 'Account', '/products')] },
      { name: 'link click to /search?q=shoes', run: (t) => t.click('#to-search'), expected: [leave('/account'), pv('/search?q=shoes', 'Search', '/account')] },
      { name: 'query-only change (?q=boots)', run: (t) => navigate(t, '/search?q=boots'), expected: [] },
      { name: 'back 2 steps', run: (t) => t.evaluate(() => history.go(-2)), expected: [leave('/search?q=shoes'), pv('/account', 'Account', '/search?q=shoes')] },
      { name: 'forward', run: (t) => t.evaluate(() => history.forward()), expected: [leave('/account'), pv('/search?q=shoes', 'Search', '/account')] },
      {
        name: 'navigate(), page hidden 30 ms later, before the route settled',
        run: async (t) => {
          await navigate(t, '/products');
          await t.waitForTimeout(30);
          await setVisibility(t, 'hidden');
          await t.waitForTimeout(200);
          await setVisibility(t, 'visible');
        },
        expected: [leave('/search?q=shoes'), pv('/products', 'Products', '/search?q=shoes')],
        noTitle: true,
      },
      { name: 'reload', run: (t) => t.reload(), expected: [leave('/products'), pv('/products', 'Products', '')] },
      {
        name: 'to another site and back (bfcache restore)',
        run: async (t) => {
          await t.goto(server.origin + '/elsewhere.html');
          await t.goBack({ waitUntil: 'commit' });
          assert.equal(await t.evaluate(() => sessionStorage.restored), 'yes', 'restored from the back/forward cache');
        },
        expected: [leave('/products'), pv('/products', 'Products', '')],
      },
      {
        name: 'landing in a new tab on /login, which redirects',
        run: async () => {
          tab = await context.newPage();
          await tab.goto(url('/login'));
        },
        expected: [pv('/account', 'Account', '')],
      },
      {
        name: 'navigate(), tab left 30 ms later, before the route settled',
        run: async (t) => {
          await navigate(t, '/products');
          await t.waitForTimeout(30);
          await t.goto(server.origin + '/elsewhere.html');
        },
        expected: [leave('/account'), pv('/products', 'Products', '/account'), leave('/products')],
        noTitle: true,
      },
    ];

    const id = await (async () => {
      await steps[0]!.run(page);
      return page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
    })();
    const origin = server.origin;
    const short = (value: unknown) => String(value ?? '').replace(origin, '');
    const describe = (e: Record<string, any>, noTitle?: boolean) => e.event === '$pageview'
      ? `$pageview ${short(e.properties.$url)}${noTitle ? '' : ` "${e.properties.$title}"`} ← ${short(e.properties.$referrer)}`
      : `${e.event} ${short(e.properties.$url)}`;
    let seen = 0;
    const rows: string[][] = [];
    for (const [index, step] of steps.entries()) {
      if (index) await step.run(tab);
      const fresh = () => eventsOf(server, id).filter((e) => e.type === 'track').slice(seen);
      await waitFor(() => fresh().length >= step.expected.length, step.name, 8000).catch(() => undefined);
      await settle(700); // anything more that would arrive
      const received = fresh().sort((a, b) => (a.time as number) - (b.time as number));
      seen += received.length;
      const expected = step.noTitle ? step.expected.map((line) => line.replace(/ "[^"]*"/, '')) : step.expected;
      rows.push([`${app} ${mode}`, step.name, expected.join('; ') || 'nothing', received.map((e) => describe(e, step.noTitle)).join('; ') || 'nothing']);
    }
    const table = rows.map((row) => '| ' + row.join(' | ') + ' |').join('\n');
    mkdirSync(join(import.meta.dirname, '..', '..', '.tmp'), { recursive: true });
    appendFileSync(join(import.meta.dirname, '..', '..', '.tmp', 'router-table.md'), table + '\n');
    for (const [, name, expected, received] of rows) assert.equal(received, expected, name + '\n' + table);
    assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
    await context.close();
  });
}
