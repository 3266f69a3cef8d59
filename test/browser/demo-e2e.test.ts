import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright';
import { startSite, type Site } from '../../demo/site-server';
import { startTestCollector } from '../unit/helpers/collector-server';

// Clicks through the demo site in real Chromium with the built SDK (run `npm run build` first)
// and finds the events in the database and in the live viewer. The second test reads what the
// first one clicked (node:test runs them in order). TRACKLET_SCREENSHOT=<path>
// also saves a screenshot of the viewer (docs/viewer.png is made this way).

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let site: Site;
let browser: Browser;
const pageErrors: string[] = [];

before(async () => {
  for (const file of ['dist/tracklet.min.js', 'dist/index.mjs']) assert.ok(existsSync(file), file + ' is missing: run `npm run build` first');
  collector = await startTestCollector();
  site = await startSite({ collectorUrl: collector.url, port: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(page.url() + ': ' + error.message));
  return page;
}

/** Waits until the page's script ran: init() done and the read-outs filled. A click before that would miss its handler. */
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => !!document.querySelector('[data-readout=distinct_id]')?.textContent);
}

/** Follows a link to another page and waits until that page is ready. */
async function navigate(page: Page, link: string, path: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === path), page.click(link)]);
  await ready(page);
}

const countOf = (event: string) => collector.db.prepare('SELECT COUNT(*) FROM events WHERE event = ?').pluck().get(event) as number;

/** Polls until `check` holds: every 100 ms, 10 s at most. */
async function eventually(what: () => string, check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('timed out waiting for ' + what());
}
const storedCounts = () =>
  JSON.stringify(collector.db.prepare("SELECT event, json_extract(payload, '$.properties.$url') AS url, received_at - time AS delay FROM events ORDER BY id").all()) +
  ' rejects: ' + JSON.stringify(collector.db.prepare('SELECT * FROM rejects').all());

// Autotrack's $pageview per page and route, $WebPageLeave per page view left (three pages, the
// SPA's first two routes); the rest are the demo's own calls.
const EXPECTED = { $pageview: 6, $WebPageLeave: 5, heroClick: 1, addToCart: 1, $SignUp: 1, buy: 1, $BindID: 1, exportReport: 1 };
const storedTotal = () => collector.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;

test('clicking through the demo site stores every event, attributed to one user', { timeout: 90_000 }, async () => {
  assert.notEqual(new URL(site.url).port, new URL(collector.url).port, 'the site and the collector are different origins');
  const page = await newPage();
  await page.goto(site.url + '/');
  await ready(page);
  await page.click('text=Shop the spring sale');
  await navigate(page, 'nav >> text=Products', '/products.html');
  await page.click('.product:has-text("Teapot") button');
  await navigate(page, 'nav >> text=Checkout', '/checkout.html');
  await page.fill('form[data-login] input[name=loginId]', 'e2e_user');
  await page.click('#sign-in');
  await page.click('#pay');
  await page.fill('[name="bind-value"]', 'e2e@example.com');
  await page.click('button[data-call=bind]');
  await page.click('button[data-call=flush]');
  await page.locator('#call-log li', { hasText: 'flush() resolved' }).first().waitFor();
  assert.equal(await page.locator('[data-readout=distinct_id]').textContent(), 'e2e_user');
  const hasProfiles = await page.evaluate(() => typeof (window as unknown as { tracklet: Record<string, unknown> }).tracklet.setProfile === 'function');
  assert.equal(await page.locator('button[data-call=setProfile]').isDisabled(), !hasProfiles, 'profile controls light up only when the SDK has them');

  await navigate(page, 'nav >> text=Single-page app', '/app');
  await page.locator('#view h1', { hasText: 'Dashboard' }).waitFor();
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  await page.click('a[data-route][href="/app/reports"]');
  await page.click('text=Export CSV');
  await page.click('a[data-route][href="/app/settings"]');
  assert.equal(new URL(page.url()).pathname, '/app/settings');
  assert.equal(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload), true, 'the router changed routes without a page load');
  const callLog = await page.locator('#call-log').textContent();
  await page.click('button[data-call=flush]');
  await page.locator('#call-log li', { hasText: 'flush() resolved' }).first().waitFor();

  await eventually(() => 'the clicked events in the database; stored: ' + storedCounts() + ' calls: ' + callLog, () => Object.entries(EXPECTED).every(([name, n]) => countOf(name) >= n));
  for (const [name, n] of Object.entries(EXPECTED)) assert.equal(countOf(name), n, name + ' stored exactly ' + n + ' time(s)');
  const users = collector.db.prepare('SELECT DISTINCT user_id FROM events').pluck().all();
  assert.equal(users.length, 1, 'the anonymous history and the login are one user');
  const user = (await collector.queries.user(users[0] as number))!;
  const keys = Object.fromEntries(user.identities.map((link) => [link.key, link.value]));
  assert.equal(keys.$identity_login_id, 'e2e_user');
  assert.equal(keys.$identity_email, 'e2e@example.com');
  assert.ok(keys.$identity_cookie_id, 'the cookie ID is linked');
  const pageviews = await Promise.all((await collector.queries.events({ event: '$pageview' })).map(async (e) => (await collector.queries.event(e.id))!.payload as { properties: { $url: string } }));
  assert.ok(pageviews.some((p) => p.properties.$url.endsWith('/app/reports')), 'SPA route changes carry their URL');
  const signup = (await collector.queries.event((await collector.queries.events({ event: '$SignUp' }))[0]!.id))!.payload as Record<string, unknown>;
  assert.equal(signup.original_id, keys.$identity_cookie_id, '$SignUp links the anonymous ID');
  assert.equal(typeof signup._flush_time, 'number');
  await page.close();
});

test('the live viewer shows the events, filters them, and shows payload, identity graph and profile', { timeout: 90_000 }, async () => {
  const viewer = await newPage(1400, 1000);
  await viewer.goto(collector.url + '/');
  await viewer.locator('#connection.live').waitFor();
  await viewer.locator('#event-rows tr[data-event="$SignUp"]').waitFor();
  const total = storedTotal();
  assert.ok(total >= Object.values(EXPECTED).reduce((a, b) => a + b), 'the clicked events and autotrack\'s');
  assert.equal(await viewer.locator('#event-rows tr').count(), total, 'one row per stored event');

  await viewer.locator('#filter-event option[value="buy"]').waitFor({ state: 'attached' });
  await viewer.selectOption('#filter-event', 'buy');
  await viewer.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#event-rows tr')];
    return rows.length > 0 && rows.every((row) => row.getAttribute('data-event') === 'buy');
  });
  assert.equal(await viewer.locator('#event-rows tr').count(), 1);
  await viewer.click('#clear-filters');
  await viewer.waitForFunction((n) => document.querySelectorAll('#event-rows tr').length === n, total);

  // A click on the site appears in the viewer without a reload.
  const page = await newPage();
  await page.goto(site.url + '/products.html');
  await ready(page);
  await page.click('.product:has-text("Kettle") button');
  await page.click('button[data-call=flush]');
  await viewer.locator('#event-rows tr[data-event="addToCart"]').nth(1).waitFor();

  await viewer.click('#event-rows tr[data-event="$SignUp"]');
  await viewer.locator('#payload').waitFor();
  const payload = JSON.parse((await viewer.locator('#payload').textContent())!);
  assert.equal(payload.type, 'track_signup');
  assert.equal(payload.login_id, 'e2e_user');
  await viewer.locator('#user-detail h2', { hasText: 'login e2e_user' }).waitFor();
  // One graph node per ID value (the cookie and anonymous IDs are one UUID, drawn once).
  const idValues = await viewer.$$eval('#user-detail table.ids', ([table]) => {
    const column = [...table!.querySelectorAll('thead th')].map((th) => th.textContent).indexOf('value');
    return new Set([...table!.querySelectorAll('tbody tr')].map((tr) => tr.querySelectorAll('td')[column]?.getAttribute('title'))).size;
  });
  assert.equal(await viewer.locator('#user-detail .graph .id').count(), idValues);
  assert.ok((await viewer.locator('#user-detail table.ids').textContent())!.includes('e2e@example.com'));
  // The Profile panel: one dt/dd pair per stored profile property, value as text (it once
  // showed "[object HTMLElement],…" on one line).
  const stored = (await collector.queries.user((await collector.queries.userIdByValue('e2e_user'))!))!.profile;
  const expected = Object.entries(stored).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
  const shown = await viewer.$$eval('#user-detail dl.profile dt', (terms) => terms.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]));
  assert.deepEqual(shown, expected.slice(0, 200));
  if (!expected.length) await viewer.locator('#user-detail .empty', { hasText: 'No profile properties.' }).waitFor();
  assert.doesNotMatch((await viewer.locator('#user-detail').textContent())!, /\[object /);

  await viewer.fill('#find-id', 'e2e@example.com');
  await viewer.press('#find-id', 'Enter');
  await viewer.waitForFunction(() => (document.getElementById('feed-note')?.textContent ?? '').startsWith('user #'));

  if (process.env.TRACKLET_SCREENSHOT) {
    await viewer.click('#clear-filters');
    await viewer.click('#event-rows tr[data-event="$SignUp"]');
    await viewer.locator('#payload').waitFor();
    mkdirSync(dirname(process.env.TRACKLET_SCREENSHOT), { recursive: true });
    await viewer.screenshot({ path: process.env.TRACKLET_SCREENSHOT, fullPage: true });
  }
  assert.deepEqual(pageErrors, []);
});

test('from the site\'s origin, a real sendBeacon, an image request and a preflighted fetch all reach the collector', { timeout: 60_000 }, async () => {
  const page = await newPage();
  await page.goto(site.url + '/');
  await ready(page);
  const event = (id: number, name: string) => ({ identities: { $identity_cookie_id: 'cors-browser' }, distinct_id: 'cors-browser', properties: {}, type: 'track', event: name, time: Date.now(), _track_id: id });
  const result = await page.evaluate(
    async ({ ingestUrl, beacon, image, json }) => {
      // No named functions in here: tsx would wrap them in a __name() helper the page lacks.
      const body = 'data_list=' + encodeURIComponent(btoa(JSON.stringify([beacon]))) + '&gzip=0';
      const queued = navigator.sendBeacon(ingestUrl, new Blob([body], { type: 'application/x-www-form-urlencoded' }));
      const loaded = await new Promise<boolean>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(true);
        img.onerror = () => resolve(false);
        img.src = ingestUrl + '?data=' + encodeURIComponent(btoa(JSON.stringify(image)));
      });
      // application/json is not CORS-simple: this fetch needs the preflight to pass, and
      // reading its answer needs Access-Control-Allow-Origin on it.
      const response = await fetch(ingestUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([json]) });
      return { queued, loaded, status: response.status, answer: await response.json() };
    },
    { ingestUrl: collector.ingestUrl, beacon: event(9001, 'viaBeacon'), image: event(9002, 'viaImage'), json: event(9003, 'viaFetch') },
  );
  assert.equal(result.queued, true, 'the browser accepted the beacon');
  assert.equal(result.loaded, true, 'the image request loaded the GIF answer');
  assert.equal(result.status, 200);
  assert.equal(result.answer.stored, 1);
  await eventually(() => 'the three events; stored: ' + storedCounts(), () => ['viaBeacon', 'viaImage', 'viaFetch'].every((name) => countOf(name) === 1));
  await page.close();
});
