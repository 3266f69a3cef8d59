import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright';
import { ingest, loggedIn, openCall, startOpenApiCollector, timesDef, type TestCollector } from '../unit/helpers/open-api';

// The live viewer's Segments page and Segment filter in real Chromium, over clusters and a tag
// made through the open API. The viewer needs no build (plain JS modules).

let collector: TestCollector;
let browser: Browser;
const pageErrors: string[] = [];

before(async () => {
  collector = await startOpenApiCollector();
  const events = [];
  for (const [login, buys] of [['ann', 0], ['ben', 1], ['cat', 3]] as const) {
    events.push(loggedIn(login).track('visit', Date.UTC(2024, 0, 1)));
    for (let i = 0; i < buys; i++) events.push(loggedIn(login).track('buy', Date.UTC(2024, 0, 1, 1, i)));
  }
  await ingest(collector, events);
  await openCall(collector, 'POST', '/open/user-cluster-add', { clusterName: 'buyers', displayName: 'Buyers', clusterType: 'cluster_by_dynamic_condition', qp: timesDef('buy', 'greater', '0') });
  const value = (tagValue: string, num: string) => ({ tagValue, userClusterDef: timesDef('buy', 'greater', num) });
  await openCall(collector, 'POST', '/open/user-cluster-add', { clusterName: 'tiers', displayName: 'Tiers', clusterType: 'tag_by_dynamic_condition', tagQp: { userTagValueDefs: [value('gold', '2'), value('silver', '0')] } });
  await collector.openApi.runner.idle();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

test('the Segments page lists clusters and tag values with their counts, and "events" filters the event list by segment', async () => {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(collector.url + '/#segments');
  await page.waitForSelector('#segment-rows tr');
  assert.equal(await page.isVisible('#events-page'), false, 'the events page is hidden');
  const rows = await page.$$eval('#segment-rows tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['Tiers', 'tag', 'dynamic condition', '2'],
    ['↳ gold', '', '', '1'],
    ['↳ silver', '', '', '1'],
    ['Buyers', 'cluster', 'dynamic condition', '2'],
  ]);

  await page.click('#segment-rows tr:nth-child(2) button');
  await page.waitForFunction(() => location.hash === '#events' && document.querySelectorAll('#event-rows tr').length === 4);
  // The user column is found by its header, so new columns do not move what is read.
  const users = await page.$$eval('#event-rows tr', (trs) => {
    const headers = [...document.querySelectorAll('#feed thead th')].map((th) => th.textContent);
    const column = headers.indexOf('user');
    return [...new Set(trs.map((tr) => tr.querySelectorAll('td')[column]?.textContent))];
  });
  assert.deepEqual(users, ['#' + (await collector.queries.userIdByValue('cat'))], "gold: cat's visit and 3 buys");
  assert.match((await page.textContent('#feed-note')) ?? '', /tag: Tiers = gold/);

  await page.selectOption('#filter-segment', { label: 'cluster: Buyers (2)' });
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr').length === 6);
  await page.click('#event-rows tr:last-child');
  await page.waitForSelector('#user-detail ul.segments li');
  const segments = await page.$$eval('#user-detail ul.segments li', (lis) => lis.map((li) => li.textContent));
  assert.ok(segments.length >= 2 && segments.includes('cluster Buyers'), segments.join(', '));
  assert.deepEqual(pageErrors, []);
  await page.close();
});
