import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright';
import { postEvents } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { useViewer } from './helpers/viewer';

// Issue 19, the identity graph as a person reads it, in real Chromium: one node per ID (the
// cookie and anonymous IDs are one UUID), a second device's IDs linked by the $SignUp that
// joined them, a $SignUp that could not join another account explained, and "Find an ID" for
// an unknown ID dropping the previous user filter.

const viewer = useViewer();
const { problems, openViewer } = viewer;

/** The user panel's ID table as [key, value, linked by] rows, columns found by header. */
const idTable = (page: Page) =>
  page.$$eval('#user-detail table.ids', ([table]) => {
    const headers = [...table!.querySelectorAll('thead th')].map((th) => th.textContent);
    const columns = ['ID key', 'value', 'linked by'].map((name) => headers.indexOf(name));
    return [...table!.querySelectorAll('tbody tr')].map((tr) => columns.map((column) => tr.querySelectorAll('td')[column]?.textContent ?? ''));
  });

test("one node per ID value; a second device's IDs read the $SignUp that joined them", { timeout: 60_000 }, async () => {
  const laptopId = '0190aaaa-1111-7000-8000-000000000001';
  const phoneId = '0190bbbb-2222-7000-8000-000000000002';
  const laptop = fakeBrowser(laptopId);
  const phone = fakeBrowser(phoneId);
  await postEvents(viewer.collector, [laptop.track('$pageview'), laptop.login('grace@graph')]);
  await postEvents(viewer.collector, [phone.track('$pageview'), phone.track('$pageview')]);
  await postEvents(viewer.collector, [phone.login('grace@graph')]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="$SignUp"]').first().click();
  await page.locator('#user-detail svg.graph').waitFor();

  const nodes = await page.$$eval('#user-detail svg.graph g.id', (groups) => groups.map((g) => ({ value: g.getAttribute('data-value'), label: g.querySelector('text')?.textContent })));
  assert.deepEqual(
    nodes.map((node) => node.value).sort(),
    [laptopId, phoneId, 'grace@graph'].sort(),
    'three nodes: each UUID once, and the login',
  );
  assert.match(nodes.find((node) => node.value === phoneId)!.label!, /^anon\+cookie: 0190bbbb-22…$/);
  const edge = (value: string) => page.locator(`#user-detail svg.graph text.edge-label[data-value="${value}"]`).textContent();
  assert.equal(await edge(phoneId), '$SignUp', "the phone's IDs joined by its $SignUp, not by its first $pageview");
  assert.equal(await edge(laptopId), '$pageview');
  const rows = await idTable(page);
  assert.deepEqual(
    rows.filter(([, value]) => value === phoneId).map(([key, , by]) => [key, by]),
    [
      ['$identity_anonymous_id', '$SignUp'],
      ['$identity_cookie_id', '$SignUp'],
    ],
  );
  // Every label of the graph lies inside the drawing.
  const outside = await page.$$eval('#user-detail svg.graph', ([svg]) => {
    const box = svg!.getBoundingClientRect();
    return [...svg!.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1;
    }).length;
  });
  assert.equal(outside, 0);
  await page.close();
});

test('a $SignUp that could not join another account says why', { timeout: 60_000 }, async () => {
  const shared = fakeBrowser('shared-kiosk-cookie');
  const other = fakeBrowser('linus-home-cookie');
  await postEvents(viewer.collector, [other.track('$pageview'), other.login('linus@graph')]);
  await postEvents(viewer.collector, [shared.track('$pageview'), shared.login('margaret@graph')]);
  // Linus logs in on the kiosk without Margaret logging out: the kiosk's IDs stay hers.
  const signup = shared.login('linus@graph');
  await postEvents(viewer.collector, [signup]);
  const page = await openViewer();
  await page.locator('#event-rows tr[data-event="$SignUp"]').filter({ hasText: 'linus@graph' }).nth(0).waitFor();
  const linusUser = (await viewer.collector.queries.userIdByValue('linus@graph'))!;
  const margaretUser = (await viewer.collector.queries.userIdByValue('margaret@graph'))!;
  const id = viewer.collector.db.prepare('SELECT id FROM events WHERE track_id = ?').pluck().get(signup._track_id) as number;
  await page.click(`#event-rows tr[data-id="${id}"]`);
  const note = page.locator('#event-detail .not-linked');
  await note.waitFor();
  const text = (await note.textContent())!;
  assert.match(text, new RegExp('joined user #' + linusUser));
  assert.match(text, new RegExp('cookie_id shared-kiosk-cookie stays with user #' + margaretUser + ' \\(login margaret@graph\\)'));
  assert.match(text, /never merged into another/);

  // A $SignUp that joined everything it named has no such note.
  const first = viewer.collector.db.prepare("SELECT id FROM events WHERE event = '$SignUp' AND distinct_id = 'margaret@graph'").pluck().get() as number;
  await page.click(`#event-rows tr[data-id="${first}"]`);
  await page.locator('#event-detail h2 small', { hasText: '#' + first }).waitFor();
  await page.locator('#user-detail h2', { hasText: '#' + margaretUser }).waitFor();
  assert.equal(await page.locator('#event-detail .not-linked').count(), 0);
  await page.close();
});

test('Find an ID: an unknown ID drops the previous user filter, and its events show when they come', { timeout: 60_000 }, async () => {
  const known = fakeBrowser('find-known');
  await postEvents(viewer.collector, [known.track('knownEvent')]);
  const page = await openViewer();
  await page.fill('#find-id', 'find-known');
  await page.press('#find-id', 'Enter');
  const knownUser = String(await viewer.collector.queries.userIdByValue('find-known'));
  await page.waitForFunction((user) => (document.getElementById('filter-user') as HTMLSelectElement).value === user, knownUser);
  await page.waitForFunction(() => [...document.querySelectorAll('#event-rows tr')].every((tr) => tr.getAttribute('data-event') === 'knownEvent'));

  await page.fill('#find-id', 'not-yet-seen-id');
  await page.press('#find-id', 'Enter');
  await page.locator('#user-detail', { hasText: 'No user holds the ID not-yet-seen-id' }).waitFor();
  await page.waitForFunction(() => (document.getElementById('filter-user') as HTMLSelectElement).value === '' && document.querySelectorAll('#event-rows tr').length === 0);
  assert.match((await page.textContent('#feed-note')) ?? '', /not-yet-seen-id/);
  assert.doesNotMatch((await page.textContent('#feed-note')) ?? '', new RegExp('user #' + knownUser));

  await postEvents(viewer.collector, [fakeBrowser('not-yet-seen-id').track('arrivesLater')]);
  await page.locator('#event-rows tr[data-event="arrivesLater"]').waitFor();
  assert.equal(await page.locator('#event-rows tr').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
