import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright';
import { postEvents } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { useViewer } from './helpers/viewer';

// Issue 19, browsing the event list in real Chromium: pause holds the rows still and counts
// what arrives, the property search narrows the list (and keeps it live), the pager walks past
// the live page's rows to the very first event, and refused events show their payload.

const viewer = useViewer();
const { problems, openViewer } = viewer;

const rowIds = (page: Page) => page.$$eval('#event-rows tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))));

test('Pause holds the rows and counts new events; Resume shows them', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('pause-browser');
  await postEvents(viewer.collector, [b.track('beforePause')]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="beforePause"]').waitFor();
  await page.click('#pause');
  assert.equal(await page.getAttribute('#pause', 'aria-pressed'), 'true');
  assert.equal(await page.textContent('#pause'), 'Resume');
  await postEvents(viewer.collector, [b.track('whilePaused'), b.track('whilePaused')]);
  await page.locator('#feed-status', { hasText: '2 new events not shown' }).waitFor();
  assert.equal(await page.locator('#event-rows tr[data-event="whilePaused"]').count(), 0, 'the rows stay as they were');
  await page.click('#pause');
  await page.locator('#event-rows tr[data-event="whilePaused"]').nth(1).waitFor();
  assert.equal(await page.textContent('#feed-status'), '');
  await postEvents(viewer.collector, [b.track('afterResume')]);
  await page.locator('#event-rows tr[data-event="afterResume"]').waitFor();
  await page.close();
});

test('property search narrows the rows to matching events, and new matches arrive live', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('search-browser');
  await postEvents(viewer.collector, [b.track('checkout', { plan: 'pro' }), b.track('checkout', { plan: 'free' }), b.track('signupForm', { referrer_note: 'Came from the PRO page' })]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="signupForm"]').waitFor();
  await page.fill('#filter-search', 'plan=pro');
  await page.press('#filter-search', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr').length === 1);
  const id = (await rowIds(page))[0]!;
  const detail = (await viewer.collector.queries.event(id)) as { payload: { properties: Record<string, unknown> } };
  assert.equal(detail.payload.properties.plan, 'pro');
  assert.match((await page.textContent('#feed-note')) ?? '', /matching “plan=pro”/);
  await postEvents(viewer.collector, [b.track('checkout', { plan: 'pro' }), b.track('checkout', { plan: 'team' })]);
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr').length === 2);

  await page.fill('#filter-search', 'pro page');
  await page.press('#filter-search', 'Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('#event-rows tr')].map((tr) => tr.getAttribute('data-event')).join() === 'signupForm');
  await page.click('#clear-filters');
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr').length >= 6);
  await page.close();
});

test('the pager walks past the live page to the first event: every event once, newest first', { timeout: 60_000 }, async () => {
  const b = fakeBrowser('pager-browser');
  const sent = Array.from({ length: 450 }, (_, i) => b.track('manyRows', { n: i }));
  assert.equal((await postEvents(viewer.collector, sent)).body.stored, 450);
  const page = await openViewer();
  await page.selectOption('#filter-event', 'manyRows');
  await page.waitForFunction(() => document.querySelectorAll('#event-rows tr[data-event="manyRows"]').length === 200 && document.querySelectorAll('#event-rows tr').length === 200);
  const seen: number[][] = [await rowIds(page)];
  assert.equal(await page.isDisabled('#page-newer'), true, 'the newest page has nothing newer');
  for (let pages = 0; pages < 5 && !(await page.isDisabled('#page-older')); pages++) {
    const last = seen.at(-1)!.at(-1);
    await page.click('#page-older');
    await page.waitForFunction((last) => Number(document.querySelector('#event-rows tr')?.getAttribute('data-id')) < last!, last);
    seen.push(await rowIds(page));
  }
  assert.deepEqual(
    seen.map((ids) => ids.length),
    [200, 200, 50],
  );
  const all = seen.flat();
  const stored = viewer.collector.db.prepare("SELECT id FROM events WHERE event = 'manyRows' ORDER BY id DESC").pluck().all() as number[];
  assert.deepEqual(all, stored, 'every event once, newest first, down to the first one');
  assert.match((await page.textContent('#feed-status')) ?? '', /page 3/);

  // An older page is not live: a new event is counted, not shown; Newer and Newest go back.
  await postEvents(viewer.collector, [b.track('manyRows', { n: 450 })]);
  await page.locator('#feed-status', { hasText: '1 new event not shown' }).waitFor();
  assert.deepEqual(await rowIds(page), seen[2]);
  await page.click('#page-newer');
  await page.waitForFunction((first) => Number(document.querySelector('#event-rows tr')?.getAttribute('data-id')) === first, seen[1]![0]);
  await page.click('#page-newest');
  await page.waitForFunction((first) => Number(document.querySelector('#event-rows tr')?.getAttribute('data-id')) > first, seen[0]![0]!);
  assert.equal(await page.isDisabled('#page-newest'), true);
  await page.close();
});

test('a refused event shows its reason, field and payload, live and after a reload', { timeout: 60_000 }, async () => {
  const page = await openViewer();
  const bad = { ...fakeBrowser('reject-browser').track('badOne'), type: 'not_a_type', marker: 'refused-marker-19' };
  const answer = await postEvents(viewer.collector, [bad]);
  assert.equal(answer.body.rejectedCount, 1);
  const item = page.locator('#reject-rows li', { hasText: 'type must be one of' }).first();
  await item.waitFor();
  assert.match((await item.textContent()) ?? '', /field type/);
  await item.locator('summary').click();
  const payload = JSON.parse((await item.locator('pre.reject-payload').textContent())!);
  assert.equal(payload.marker, 'refused-marker-19');
  assert.equal(payload.type, 'not_a_type');

  await page.reload();
  await page.locator('#connection.live').waitFor();
  const reloaded = page.locator('#reject-rows li', { hasText: 'type must be one of' }).first();
  await reloaded.locator('summary').click();
  assert.match((await reloaded.locator('pre.reject-payload').textContent()) ?? '', /refused-marker-19/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a row shows the event's own properties at a glance, the same live and after a reload", { timeout: 60_000 }, async () => {
  const page = await openViewer();
  const b = fakeBrowser('glance-browser');
  const properties = { $url_path: '/cart', plan: 'pro', seats: 3, trial: true, tags: ['a', 'b'], note: 'fifth: not shown' };
  await postEvents(viewer.collector, [b.track('glance', properties)]);
  const cell = async () => {
    const headers = await page.locator('#feed thead th').allTextContents();
    const cells = await page.locator('#event-rows tr[data-event="glance"] td').allTextContents();
    return cells[headers.indexOf('properties')];
  };
  await page.locator('#event-rows tr[data-event="glance"]').waitFor();
  const expected = 'plan: pro · seats: 3 · trial: true · tags: ["a","b"]';
  assert.equal(await cell(), expected, 'live: four own properties, no $ presets');
  await page.reload();
  await page.locator('#event-rows tr[data-event="glance"]').waitFor();
  assert.equal(await cell(), expected, 'the same when read back from the database');
  await page.close();
});
