import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { VERSION } from '../../src/version';
import { assertMatchesSeed } from '../fixtures/match-seed';
import { SEED_STEPS } from '../fixtures/seed-identity';
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

// Calls that emit nothing are followed by a $pageview, as in the seed's examples.
const SILENT_CALLS = ['identify', 'logout', 'resetAnonymousIdentity'];

test('the built script reproduces every identity example of the seed document, in its order', async () => {
  // The seed's screen, viewport and time zone, so those presets can be compared by value.
  const context = await browser.newContext({
    viewport: { width: 1440, height: 235 },
    screen: { width: 1440, height: 900 },
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  server.page('/seed.html', sdkPage(server.origin + '/collect'));
  await page.goto(server.origin + '/seed.html');
  const cookieId = await page.evaluate(() => (window as any).tracklet.getIdentities().$identity_cookie_id);
  assert.match(cookieId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'the cookie ID is a v4 UUID');

  let expected = 0;
  for (const step of SEED_STEPS) {
    await page.evaluate(([method, ...args]) => (window as any).tracklet[method as string](...args), step.call);
    if (SILENT_CALLS.includes(step.call[0])) await page.evaluate(() => (window as any).tracklet.track('$pageview'));
    await page.evaluate(() => (window as any).tracklet.flush());
    const events = await server.waitForEvents(++expected);
    assert.equal(events.length, expected, step.section + ': exactly one event per step');
    assertMatchesSeed(events[expected - 1]!, step.payload, {
      cookieId: step.call[0] === 'resetAnonymousIdentity' ? 'your_new_anonymous_id' : cookieId,
      libVersion: VERSION,
      environment: { $timezone_offset: -480, $screen_height: 900, $screen_width: 1440, $viewport_height: 235, $viewport_width: 1440, $is_first_day: true, $latest_referrer: '', $is_first_time: false },
    }, step.section);
  }
  const first = server.events()[0]!.properties as Record<string, unknown>;
  assert.equal(first.$is_first_time, true, 'the first $pageview of a new browser has $is_first_time: true');
  assert.equal(first.$url, server.origin + '/seed.html');
  assert.equal(first.$title, 'tracklet test page');
  const trackIds = new Set(server.events().map((event) => event._track_id));
  assert.equal(trackIds.size, expected, 'every _track_id is distinct');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), [], 'the page saw no error');
  await context.close();
});
