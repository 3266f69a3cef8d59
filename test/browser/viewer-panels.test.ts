import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { postEvents, startTestCollector } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { launchChromium } from './helpers/chromium';

// Issue 16, items 1, 2, 6 and 7, in the live viewer in real Chromium: the Profile panel shows
// each key with its value (it showed "[object HTMLElement],…" on one 3,000 px line), large
// profiles and reject floods render a bounded number of rows, the strict CSP breaks nothing,
// and a page on a rebound host name cannot read the API.

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let browser: Browser;
const problems: string[] = [];
const WIDTH = 1280;

before(async () => {
  collector = await startTestCollector();
  browser = await launchChromium(['rebound.test']);
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

async function openViewer(path = '/'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push('page error: ' + error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push('console: ' + message.text());
  });
  await page.goto(collector.url + path);
  await page.locator('#connection.live').waitFor();
  return page;
}

/** The Profile panel as [key, value] pairs, read from the page. */
const profileShown = (page: Page) =>
  page.$$eval('#user-detail dl.profile > *', (nodes) => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < nodes.length; i += 2) pairs.push([nodes[i]!.textContent ?? '', nodes[i + 1]?.textContent ?? '(no dd)']);
    return { tags: nodes.map((node) => node.tagName), pairs };
  });

test('the Profile panel shows each property as a key and its value, within the page width', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('profile-panel');
  await postEvents(collector, [
    b.track('visit'),
    b.profile('profile_set', { name: 'Ada Lovelace', city: 'London', visits: 12, vip: true, tags: ['beta', 'early'] }),
    b.profile('profile_set_once', { plan: 'own key', first_seen: '2024-05-01' }),
  ]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="visit"]').click();
  await page.locator('#user-detail dl.profile').waitFor();
  const { tags, pairs } = await profileShown(page);
  assert.deepEqual(tags, Array.from({ length: 7 }, () => ['DT', 'DD']).flat(), 'dt/dd pairs, not text');
  assert.deepEqual(pairs, [
    ['name', 'Ada Lovelace'],
    ['city', 'London'],
    ['visits', '12'],
    ['vip', 'true'],
    ['tags', '["beta","early"]'],
    ['plan', 'own key'],
    ['first_seen', '2024-05-01'],
  ]);
  assert.doesNotMatch((await page.locator('#user-detail').textContent())!, /\[object /);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= WIDTH, 'the page is ' + scrollWidth + ' px wide in a ' + WIDTH + ' px window');
  await page.close();
});

test('a profile of 450 properties and a flood of refused events render a bounded number of rows', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('big-profile');
  const properties = Object.fromEntries(Array.from({ length: 450 }, (_, i) => ['p' + i, 'value ' + i]));
  await postEvents(collector, [b.track('bigOne'), b.profile('profile_set', properties)]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="bigOne"]').click();
  await page.locator('#user-detail dl.profile').waitFor();
  assert.equal(await page.locator('#user-detail dl.profile dt').count(), 200);
  assert.equal(await page.locator('#user-detail .more').textContent(), '… and 250 more properties');

  const rowsBefore = await page.locator('#reject-rows li').count();
  const answer = await postEvents(collector, Array.from({ length: 500 }, () => 0), { gzip: true });
  assert.equal(answer.body.rejectedCount, 500);
  await page.locator('#reject-rows li.more', { hasText: '480 more refused events' }).waitFor();
  assert.equal((await page.locator('#reject-rows li').count()) - rowsBefore, 21, 'the first 20 and one line for the rest');
  await page.waitForFunction(() => Number(document.getElementById('stat-rejects')?.textContent) >= 500);
  await page.close();
  assert.deepEqual(problems, [], 'no page errors and no CSP violations');
});

test('DNS rebinding in a real browser: a page on rebound.test (resolving to 127.0.0.1) cannot read the API', { timeout: 60_000 }, async () => {
  await postEvents(collector, [fakeBrowser('rebind-victim').bind('$identity_email', 'victim@example.com')]);
  const page = await browser.newPage();
  const viewer = await page.goto('http://rebound.test:' + collector.port + '/');
  assert.equal(viewer?.status(), 403, 'the viewer is not served under the rebound name');
  // The attacker's page runs on the rebound origin; the ingest path answers it (it is open).
  await page.goto('http://rebound.test:' + collector.port + '/sa');
  const read = await page.evaluate(async () => {
    const response = await fetch('/api/users?identity=victim@example.com');
    return { status: response.status, text: await response.text() };
  });
  assert.equal(read.status, 403);
  assert.doesNotMatch(read.text, /victim@example.com/);
  await page.close();
});

test('with an API token, the viewer opened at /?token= passes it on and goes live; without it the API says 401', { timeout: 60_000 }, async () => {
  const guarded = await startTestCollector({ apiToken: 'viewer-token-123' });
  try {
    await postEvents(guarded, [fakeBrowser('token-user').track('behindToken')]);
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(guarded.url + '/?token=viewer-token-123');
    await page.locator('#connection.live').waitFor();
    await page.locator('#event-rows tr[data-event="behindToken"]').waitFor();
    await postEvents(guarded, [fakeBrowser('token-user').track('liveBehindToken')]);
    await page.locator('#event-rows tr[data-event="liveBehindToken"]').waitFor();
    const without = await page.evaluate(async () => (await fetch('/api/events')).status);
    assert.equal(without, 401);
    await page.close();
  } finally {
    await guarded.stop();
  }
});
