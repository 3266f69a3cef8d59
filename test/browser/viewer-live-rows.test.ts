import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { postEvents, startTestCollector } from '../unit/helpers/collector-server';
import { fakeBrowser } from '../unit/helpers/fake-browser';
import { launchChromium } from './helpers/chromium';

// Issue 19 in the live viewer, in real Chromium: each row shows the event's own time, its path
// and the browser/OS the collector derived from the User-Agent; when a second browser logs in
// as the same person, the rows already shown move to the merged user without a reload.

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

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

const userOf = (distinctId: string) => collector.db.prepare('SELECT user_id FROM events WHERE distinct_id = ? ORDER BY id LIMIT 1').pluck().get(distinctId) as number;

test("a row shows event time, path and browser/OS; a merged user's rows change to the new user live", { timeout: 60_000 }, async () => {
  const laptop = fakeBrowser('laptop-cookie-19');
  const phone = fakeBrowser('phone-cookie-19');
  const laptopView = laptop.track('$pageview', { $url_path: '/home' });
  assert.equal((await postEvents(collector, [laptopView, laptop.login('ada-19')], { headers: { 'User-Agent': FIREFOX_LINUX } })).body.stored, 2);
  const phoneView = phone.track('$pageview', { $url_path: '/pricing', $url: 'https://shop.test/pricing' });
  const phoneClick = phone.track('addToCart', { $url: 'https://shop.test/cart?step=1' });
  assert.equal((await postEvents(collector, [phoneView, phoneClick], { headers: { 'User-Agent': SAFARI_IPHONE } })).body.stored, 2);
  const laptopUser = userOf('ada-19');
  const phoneUser = userOf('phone-cookie-19');
  assert.notEqual(laptopUser, phoneUser, 'two people until the phone logs in');

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
  await page.goto(collector.url + '/');
  await page.locator('#connection.live').waitFor();

  const phoneRows = page.locator('#event-rows tr').filter({ hasText: 'phone-cookie-19' });
  await phoneRows.nth(1).waitFor();
  const cells = async (row: ReturnType<typeof page.locator>) => row.locator('td').allTextContents();
  const headers = await page.locator('#feed thead th').allTextContents();
  const column = (name: string) => headers.indexOf(name);
  const viewCells = await cells(page.locator('#event-rows tr[data-event="$pageview"]').filter({ hasText: 'phone-cookie-19' }));
  assert.equal(viewCells[column('path')], '/pricing', 'the path column shows $url_path');
  assert.equal(viewCells[column('browser · OS')], 'Safari 17 · iOS 17.5 · mobile');
  assert.match(viewCells[column('event time')]!, /^\d\d:\d\d:\d\d\.\d{3} \(−\d+ s\)$/, 'the client time, and how long before receipt it was');
  const eventTimeTitle = await page.locator('#event-rows tr[data-event="$pageview"]').filter({ hasText: 'phone-cookie-19' }).locator('td.event-time').getAttribute('title');
  assert.equal(eventTimeTitle, new Date(phoneView.time as number).toISOString());
  const clickCells = await cells(page.locator('#event-rows tr[data-event="addToCart"]'));
  assert.equal(clickCells[column('path')], 'https://shop.test/cart?step=1', '$url when there is no $url_path');
  const laptopCells = await cells(page.locator('#event-rows tr[data-event="$pageview"]').filter({ hasText: 'laptop-cookie-19' }));
  assert.equal(laptopCells[column('browser · OS')], 'Firefox 128 · Linux · desktop');
  assert.deepEqual(await phoneRows.locator('td.user').allTextContents(), ['#' + phoneUser, '#' + phoneUser]);

  // The phone logs in as the same person: its user is merged into the laptop's.
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  assert.equal((await postEvents(collector, [phone.login('ada-19')], { headers: { 'User-Agent': SAFARI_IPHONE } })).body.stored, 1);
  assert.equal(userOf('phone-cookie-19'), laptopUser, 'the collector merged them');
  await page.waitForFunction(
    (user) => {
      const rows = [...document.querySelectorAll('#event-rows tr')].filter((tr) => tr.textContent!.includes('phone-cookie-19'));
      return rows.length === 2 && rows.every((tr) => tr.querySelector('td.user')!.textContent === user);
    },
    '#' + laptopUser,
  );
  assert.deepEqual(await phoneRows.locator('td.user').allTextContents(), ['#' + laptopUser, '#' + laptopUser], 'the old rows read the merged user');
  assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true, 'without a reload');
  assert.equal(await page.locator('#event-rows tr[data-event="$SignUp"]').filter({ hasText: 'ada-19' }).count(), 2, 'the new $SignUp row is added too');

  // Selecting an old row opens the merged user, not the retired one.
  await phoneRows.first().click();
  await page.locator('#user-detail').getByText('ada-19').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});
