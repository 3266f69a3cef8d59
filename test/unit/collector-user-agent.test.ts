import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deviceFromHeaders, withDevice } from '../../demo/collector/user-agent';
import { postEvents, request, startTestCollector, sqlValue } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

// Issue 19: browser, OS and device derived at ingest from the request's User-Agent and client
// hints, stored with each event unless the sender set them, and returned in the summaries.

const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariIpad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
};

test('real User-Agent strings give browser, version, OS, OS version and device type', () => {
  const cases: [string, object][] = [
    [UA.chromeWindows, { $browser: 'Chrome', $browser_version: '131.0.0.0', $os: 'Windows', $os_version: '10', $device_type: 'desktop' }],
    [UA.safariIphone, { $browser: 'Safari', $browser_version: '17.5', $os: 'iOS', $os_version: '17.5', $device_type: 'mobile' }],
    [UA.safariIpad, { $browser: 'Safari', $browser_version: '16.6', $os: 'iOS', $os_version: '16.6', $device_type: 'tablet' }],
    [UA.firefoxLinux, { $browser: 'Firefox', $browser_version: '128.0', $os: 'Linux', $device_type: 'desktop' }],
    [UA.safariMac, { $browser: 'Safari', $browser_version: '17.4', $os: 'macOS', $os_version: '10.15.7', $device_type: 'desktop' }],
    [UA.chromeAndroid, { $browser: 'Chrome', $browser_version: '131.0.6778.104', $os: 'Android', $os_version: '14', $device_type: 'mobile' }],
    [UA.googlebot, { $browser: 'Googlebot', $browser_version: '2.1', $device_type: 'bot' }],
  ];
  for (const [agent, expected] of cases) assert.deepEqual(deviceFromHeaders({ 'user-agent': agent }), expected, agent);
});

test('an unknown, empty, missing or oversized User-Agent gives only what is known, never a throw', () => {
  assert.deepEqual(deviceFromHeaders({ 'user-agent': 'curl/8.5.0' }), {});
  assert.deepEqual(deviceFromHeaders({ 'user-agent': '' }), {});
  assert.deepEqual(deviceFromHeaders({}), {});
  const huge = deviceFromHeaders({ 'user-agent': UA.firefoxLinux + ' ' + 'x'.repeat(100_000) });
  assert.equal(huge.$browser, 'Firefox', 'the first 512 characters are parsed');
});

test('client hints correct the frozen Chromium User-Agent (Windows 11, full version, mobile)', () => {
  const windows11 = deviceFromHeaders({
    'user-agent': UA.chromeWindows,
    'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
    'sec-ch-ua-mobile': '?0',
    'sec-ch-ua-platform': '"Windows"',
    'sec-ch-ua-platform-version': '"15.0.0"',
    'sec-ch-ua-full-version-list': '"Google Chrome";v="131.0.6778.86", "Chromium";v="131.0.6778.86", "Not_A Brand";v="24.0.0.0"',
  });
  assert.deepEqual(windows11, { $browser: 'Chrome', $browser_version: '131.0.6778.86', $os: 'Windows', $os_version: '11', $device_type: 'desktop' });
  const edgeOnChromeOs = deviceFromHeaders({
    'user-agent': UA.chromeWindows,
    'sec-ch-ua-platform': '"Chrome OS"',
    'sec-ch-ua-full-version-list': '"Not)A;Brand";v="99.0.0.0", "Microsoft Edge";v="130.0.2849.68", "Chromium";v="130.0.6723.117"',
  });
  assert.equal(edgeOnChromeOs.$browser, 'Microsoft Edge');
  assert.equal(edgeOnChromeOs.$browser_version, '130.0.2849.68');
  assert.equal(edgeOnChromeOs.$os, 'Chrome OS');
  assert.equal(edgeOnChromeOs.$os_version, undefined, "the UA's Windows version does not carry over to another OS");
  assert.equal(deviceFromHeaders({ 'user-agent': UA.chromeWindows, 'sec-ch-ua-mobile': '?1' }).$device_type, 'mobile');
});

test("withDevice adds only what the sender did not set (a sender's null wins too)", () => {
  const device = { $browser: 'Firefox', $os: 'Linux', $device_type: 'desktop' };
  assert.deepEqual(withDevice({ $os: 'Custom OS', $browser: null, page: 1 }, device), { $device_type: 'desktop', $os: 'Custom OS', $browser: null, page: 1 });
  const untouched = { $browser: 'A', $os: 'B', $device_type: 'C' };
  assert.equal(withDevice(untouched, device), untouched);
  const hostile = JSON.parse('{"__proto__": {"polluted": true}}');
  const merged = withDevice(hostile, device);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
});

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

const storedProperties = async (event: Record<string, unknown>) =>
  JSON.parse((await sqlValue(collector, 'SELECT payload FROM events WHERE track_id = ? AND distinct_id = ?', event._track_id, event.distinct_id)) as string).properties;

test('ingest stores the derived properties with each track event, keeps the sender\'s, leaves profiles alone', async () => {
  const b = fakeBrowser('ua-ingest');
  const view = b.track('$pageview', { $url_path: '/pricing', $url: 'https://shop.test/pricing?x=1' });
  const own = b.track('fromServer', { $browser: 'MyApp', $os_version: '99' });
  const profile: Record<string, unknown> = { ...b.track(), type: 'profile_set', properties: { plan: 'pro' } };
  delete profile.event;
  const answer = await postEvents(collector, [view, own, profile], { headers: { 'User-Agent': UA.safariIphone } });
  assert.equal(answer.body.stored, 3, JSON.stringify(answer.body));

  assert.deepEqual(await storedProperties(view), { $browser: 'Safari', $browser_version: '17.5', $os: 'iOS', $os_version: '17.5', $device_type: 'mobile', $url_path: '/pricing', $url: 'https://shop.test/pricing?x=1' });
  const kept = await storedProperties(own);
  assert.equal(kept.$browser, 'MyApp', "the sender's $browser is kept");
  assert.equal(kept.$os_version, '99', "the sender's $os_version is kept");
  assert.equal(kept.$os, 'iOS', 'what the sender left out is derived');
  assert.deepEqual(await storedProperties(profile), { plan: 'pro' }, 'a profile operation gets no device properties');
  const user = (await request(collector.url + '/api/users/' + (await sqlValue(collector, 'SELECT user_id FROM events WHERE distinct_id = ?', 'ua-ingest')))).body as { profile: object };
  assert.deepEqual(user.profile, { plan: 'pro' }, 'nor does the profile');
});

test('the events API and the live feed summaries carry browser, OS, device type and path', async () => {
  const b = fakeBrowser('ua-summary');
  const view = b.track('$pageview', { $url_path: '/docs', $url: 'https://shop.test/docs' });
  const urlOnly = b.track('outbound', { $url: 'https://shop.test/only-url' });
  const none = b.track('noPath', { $browser_version: 128 });
  await postEvents(collector, [view, urlOnly, none], { headers: { 'User-Agent': UA.firefoxLinux } });
  const rows = (await request(collector.url + '/api/events?limit=3')).body as unknown as Record<string, unknown>[];
  const byName = Object.fromEntries(rows.map((row) => [row.event, row]));
  assert.deepEqual(
    { browser: byName.$pageview!.browser, version: byName.$pageview!.browser_version, os: byName.$pageview!.os, os_version: byName.$pageview!.os_version, device: byName.$pageview!.device_type, path: byName.$pageview!.path },
    { browser: 'Firefox', version: '128.0', os: 'Linux', os_version: null, device: 'desktop', path: '/docs' },
  );
  assert.equal(byName.outbound!.path, 'https://shop.test/only-url', '$url when there is no $url_path');
  assert.equal(byName.noPath!.path, null);
  assert.equal(byName.noPath!.browser_version, '128', "a sender's number reads as text, as in the live summary");
  assert.equal(typeof byName.$pageview!.time, 'number');
});
