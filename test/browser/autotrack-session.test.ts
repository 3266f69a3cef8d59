import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { eventsOf, waitFor } from './helpers/autotrack';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;
before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  server.page('/s.html', sdkPage(server.origin + '/collect'));
  server.page('/s10.html', sdkPage(server.origin + '/collect', { sessionTimeout: 10 }));
  server.page('/leave.html', sdkPage(server.origin + '/collect', { autotrack: {} }));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const MINUTE = 60_000;
// Local noon of a fixed day: the pages' Date.now() is set with Playwright's clock (timers keep
// running), so minutes pass at once and the tests stay fast and exact.
const NOON = new Date(2026, 2, 10, 12).getTime();
const at = (context: BrowserContext, time: number) => context.clock.setFixedTime(time);
const track = (page: Page, event: string) => page.evaluate((name) => (window as any).tracklet.track(name), event);
const sessionOf = (id: string, event: string) => eventsOf(server, id, event)[0]?.properties.$session_id as string | undefined;
const open = async (context: BrowserContext, path = '/s.html') => {
  const page = await context.newPage();
  await page.goto(server.origin + path);
  return page;
};

test('every event carries $session_id; 30 minutes without events, or local midnight, start a new session', async () => {
  const context = await browser.newContext();
  await at(context, NOON);
  const page = await open(context);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await track(page, 'one');
  await at(context, NOON + 29 * MINUTE);
  await track(page, 'two');
  await at(context, NOON + 58 * MINUTE);
  await track(page, 'three');
  await at(context, NOON + 89 * MINUTE);
  await track(page, 'four');
  await page.evaluate(() => (window as any).tracklet.login('session_user'));
  await at(context, new Date(2026, 2, 10, 23, 55).getTime());
  await track(page, 'beforeMidnight');
  await at(context, new Date(2026, 2, 11, 0, 5).getTime());
  await track(page, 'afterMidnight');
  await waitFor(() => eventsOf(server, 'session_user', 'afterMidnight').length, 'the events');
  const [one, two, three, four] = ['one', 'two', 'three', 'four'].map((name) => sessionOf(id, name));
  assert.match(one!, /^[0-9a-f-]{36}$/);
  assert.equal(two, one);
  assert.equal(three, one, 'each event extends the session');
  assert.notEqual(four, one, 'after 31 minutes of silence, a new session');
  assert.equal(eventsOf(server, 'session_user', '$SignUp')[0]!.properties.$session_id, four, 'identity events carry it too');
  assert.notEqual(sessionOf('session_user', 'afterMidnight'), sessionOf('session_user', 'beforeMidnight'), 'a new day, a new session');
  await context.close();
});

test('sessionTimeout sets the timeout in minutes', async () => {
  const context = await browser.newContext();
  await at(context, NOON);
  const page = await open(context, '/s10.html');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await track(page, 'one');
  await at(context, NOON + 9 * MINUTE);
  await track(page, 'two');
  await at(context, NOON + 20 * MINUTE);
  await track(page, 'three');
  await waitFor(() => eventsOf(server, id, 'three').length, 'the events');
  assert.equal(sessionOf(id, 'two'), sessionOf(id, 'one'));
  assert.notEqual(sessionOf(id, 'three'), sessionOf(id, 'two'));
  await context.close();
});

test('tabs of one site share the session, and an active tab keeps it alive for an idle one', async () => {
  const context = await browser.newContext();
  await at(context, NOON);
  const tabA = await open(context);
  const tabB = await open(context);
  const id = await tabA.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await track(tabA, 'a1');
  await at(context, NOON + 1000);
  await track(tabB, 'b1');
  // Tab A is idle for 45 minutes while tab B has an event every 10.
  for (let minutes = 10; minutes <= 40; minutes += 10) {
    await at(context, NOON + minutes * MINUTE);
    await track(tabB, 'bActive');
  }
  await at(context, NOON + 45 * MINUTE);
  await track(tabA, 'a2');
  // Both idle for an hour: the next event, in either tab, starts a new session they share.
  await at(context, NOON + 105 * MINUTE);
  await track(tabA, 'a3');
  await at(context, NOON + 106 * MINUTE);
  await track(tabB, 'b3');
  // The fixed clock stops retry backoff from ever expiring (a send that failed, e.g. while two
  // tabs hand the queue lock over, waits for Date.now() to move): let it move as a real one
  // would. The sessions were assigned when the events were tracked.
  for (let tick = 1; tick <= 100 && !(eventsOf(server, id, 'b3').length && eventsOf(server, id, 'a3').length); tick++) {
    await at(context, NOON + 106 * MINUTE + tick * 1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await waitFor(() => eventsOf(server, id, 'b3').length && eventsOf(server, id, 'a3').length, 'the events');
  const a1 = sessionOf(id, 'a1');
  assert.equal(sessionOf(id, 'b1'), a1, 'the second tab joins the first tab\'s session');
  assert.equal(sessionOf(id, 'a2'), a1, 'the idle tab finds the session kept alive by the other');
  assert.notEqual(sessionOf(id, 'a3'), a1);
  assert.equal(sessionOf(id, 'b3'), sessionOf(id, 'a3'), 'the new session is shared too');
  await context.close();
});

test('a page leave belongs to its page view\'s session: long after the last event it neither starts a session nor extends one', async () => {
  // The page is left `leftAfter` minutes after its pageview; the next page tracks at `nextAt`.
  const visit = async (leftAfter: number, nextAt: number) => {
    const context = await browser.newContext();
    await at(context, NOON);
    const page = await open(context, '/leave.html');
    const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
    await waitFor(() => eventsOf(server, id, '$pageview').length, 'the pageview');
    await at(context, NOON + leftAfter * MINUTE);
    await page.goto(server.origin + '/s.html');
    await at(context, NOON + nextAt * MINUTE);
    await track(page, 'next');
    // The clock jumped past the timer this page armed at load (for the leave's resend), which
    // runs on real time: flush rather than wait for it.
    await page.evaluate(() => (window as any).tracklet.flush());
    await waitFor(() => eventsOf(server, id, '$WebPageLeave').length && eventsOf(server, id, 'next').length, 'the leave and the next event', 20_000, () => JSON.stringify(eventsOf(server, id).map((e) => [e.type, e.event, e.time])));
    const sessions = ['$pageview', '$WebPageLeave', 'next'].map((name) => sessionOf(id, name));
    await context.close();
    return sessions;
  };
  // Left after an hour (a tab open over lunch): the leave is the old session's, and the next
  // event, a minute later, starts a new one.
  const [view, leave, next] = await visit(60, 61);
  assert.equal(leave, view, 'the late leave joins its page view\'s session');
  assert.notEqual(next, view, 'the session had expired: the leave did not start one for the next event');
  // Left after 20 minutes: the leave does not extend the session, so 35 minutes after the
  // pageview (more than 30 after the last real event) the next event starts a new one.
  const [view2, leave2, next2] = await visit(20, 35);
  assert.equal(leave2, view2);
  assert.notEqual(next2, view2, 'the leave did not keep the session alive');
});
