import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright';
import { postEvents, startTestCollector } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { launchChromium } from './helpers/chromium';

// Issue 19, the Activity panel in real Chromium: a chart of events over time (one line per
// name, a point per minute with events), top pages, events and users, updating live; a click
// on a top event or a top page narrows the event list.

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let browser: Browser;
before(async () => {
  collector = await startTestCollector();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const MINUTE = 60_000;

/** A table's rows as objects keyed by its header texts (columns found by header, not index). */
async function tableRows(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((node) => {
    const headers = [...node.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    return [...node.querySelectorAll('tbody tr:not(.none)')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td, i) => [headers[i], td.textContent ?? ''])));
  });
}

/** The chart's points: the line they belong to, their count and the start of their minute. */
const points = (page: Page) =>
  page.$$eval('#chart g.series circle.point', (circles) =>
    circles.map((circle) => ({ event: circle.parentElement!.getAttribute('data-event'), count: Number(circle.getAttribute('data-count')), start: Number(circle.getAttribute('data-start')) })),
  );

test('the chart has a point per minute with events, the top lists read right, and both follow new events live', { timeout: 60_000 }, async () => {
  const now = Date.now();
  const ada = fakeBrowser('chart-ada');
  const bob = fakeBrowser('chart-bob');
  const at = (event: Record<string, unknown>, minutesAgo: number) => ({ ...event, time: now - minutesAgo * MINUTE });
  await postEvents(collector, [
    at(ada.track('$pageview', { $url_path: '/pricing' }), 3),
    at(ada.track('$pageview', { $url_path: '/pricing' }), 3),
    at(bob.track('$pageview', { $url_path: '/pricing' }), 1),
    at(bob.track('$pageview', { $url_path: '/docs' }), 1),
    at(ada.track('addToCart', { sku: 'A-1' }), 1),
    at(ada.login('ada@chart'), 0),
  ]);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
  await page.goto(collector.url + '/');
  await page.locator('#connection.live').waitFor();
  await page.locator('#chart circle.point').first().waitFor();

  const minuteOf = (minutesAgo: number) => Math.floor((now - minutesAgo * MINUTE) / MINUTE) * MINUTE;
  const shown = await points(page);
  const pageviews = shown.filter((point) => point.event === '$pageview');
  assert.deepEqual(
    pageviews.map(({ count, start }) => [count, start]).sort((a, b) => a[1]! - b[1]!),
    [
      [2, minuteOf(3)],
      [2, minuteOf(1)],
    ],
    'two points of 2 page views, at the minutes they happened',
  );
  assert.deepEqual(
    shown.filter((point) => point.event === 'addToCart').map((point) => point.count),
    [1],
  );
  assert.match((await page.locator('#chart-legend').textContent()) ?? '', /\$pageview \(4\)/);
  assert.match((await page.locator('#insight-summary').textContent()) ?? '', /^6 events · 2 users/);
  // Each point has a polyline to belong to and a tooltip.
  assert.match((await page.locator('#chart g.series[data-event="$pageview"] circle.point title').first().textContent()) ?? '', /^\d\d:\d\d · \$pageview: 2$/);

  assert.deepEqual(await tableRows(page.locator('#top-pages')), [
    { page: '/pricing', views: '3', users: '2' },
    { page: '/docs', views: '1', users: '1' },
  ]);
  const topEvents = await tableRows(page.locator('#top-events'));
  assert.deepEqual(topEvents[0], { event: '$pageview', count: '4', users: '2' });
  const topUsers = await tableRows(page.locator('#top-users'));
  assert.deepEqual(
    topUsers.map((row) => [row.user!.replace(/^#\d+ · /, ''), row.events]),
    [
      ['ada@chart', '4'],
      ['anonymous', '2'],
    ],
  );

  // Live: three more page views this minute raise this minute's point, without a reload.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  await postEvents(collector, [0, 0, 0].map(() => at(bob.track('$pageview', { $url_path: '/docs' }), 0)));
  await page.waitForFunction(
    (start) => [...document.querySelectorAll('#chart g.series[data-event="$pageview"] circle.point')].some((c) => c.getAttribute('data-start') === String(start) && c.getAttribute('data-count') === '3'),
    minuteOf(0),
  );
  await page.waitForFunction(() => /\/docs41/.test(document.getElementById('top-page-rows')?.textContent ?? ''));
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);

  // Per hour: one point holds them all (or two, if the hour turned during the test).
  await page.selectOption('#insight-range', 'hour');
  await page.waitForFunction(() => [...document.querySelectorAll('#chart g.series[data-event="$pageview"] circle.point')].reduce((sum, c) => sum + Number(c.getAttribute('data-count')), 0) === 7 && document.querySelectorAll('#chart g.series[data-event="$pageview"] circle.point').length <= 2);

  // A click on a top event narrows the list and the chart to it; on a top page, to that page.
  await page.locator('#top-event-rows tr', { hasText: 'addToCart' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('#event-rows tr')].every((tr) => tr.getAttribute('data-event') === 'addToCart') && document.querySelectorAll('#event-rows tr').length === 1);
  await page.waitForFunction(() => [...document.querySelectorAll('#chart g.series')].map((g) => g.getAttribute('data-event')).join() === 'addToCart');
  await page.click('#clear-filters');
  await page.locator('#top-page-rows tr', { hasText: '/docs' }).click();
  assert.equal(await page.inputValue('#filter-search'), '$url_path=/docs');
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr').length === 4);
  const headers = await page.locator('#feed thead th').allTextContents();
  const paths = await page.$$eval('#event-rows tr', (trs, column) => trs.map((tr) => tr.querySelectorAll('td')[column]?.textContent), headers.indexOf('path'));
  assert.deepEqual(paths, ['/docs', '/docs', '/docs', '/docs']);
  assert.deepEqual(problems, []);
  await page.close();
});
