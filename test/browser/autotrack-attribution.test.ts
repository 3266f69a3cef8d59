import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { eventsOf, settle, waitFor } from './helpers/autotrack';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;
let site: (sub: string) => string;
before(async () => {
  // a.tracklet.test and b.tracklet.test: two hosts of one site (registrable domain tracklet.test).
  [browser, server] = await Promise.all([launchChromium(['*.tracklet.test']), startTestServer()]);
  site = (sub) => 'http://' + sub + '.tracklet.test:' + server.port;
  const page = (body: string) => sdkPage(server.origin + '/collect', { autotrack: {} }).replace('<body>', '<body>' + body);
  server.page('/land.html', page(`<a id="to-b" href="${site('b')}/b.html?utm_source=internal_banner">to b</a><a id="to-next" href="/next.html">next</a>`));
  server.page('/next.html', page(''));
  server.page('/b.html', page(`<a id="to-a" href="${site('a')}/next.html">back to a</a>`));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const latestOf = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).filter(([key]) => key.startsWith('$latest_')));

test('a landing from a search engine sets the latest touch and the first touch; internal referrers keep it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const baidu = 'https://www.baidu.com/s?ie=utf-8&wd=%E5%9F%8B%E7%82%B9%20sdk';
  await page.goto(site('a') + '/land.html', { referer: baidu });
  assert.equal(await page.evaluate(() => document.referrer), baidu);
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await page.evaluate(() => (window as any).tracklet.track('afterLanding'));
  await waitFor(() => eventsOf(server, id, 'afterLanding').length, 'the custom event');
  // The landing pageview is built once its route settled (src/autotrack/route-settle.ts).
  await page.evaluate(() => (window as any).tracklet.flush());
  await waitFor(() => eventsOf(server, id, '$pageview').length, 'the landing pageview');
  const searchTouch = {
    $latest_traffic_source_type: 'search engine',
    $latest_referrer: baidu,
    $latest_referrer_host: 'www.baidu.com',
    $latest_search_keyword: '埋点 sdk',
  };
  const [landing] = eventsOf(server, id, '$pageview');
  assert.deepEqual(latestOf(landing!.properties), searchTouch);
  assert.equal(landing!.properties.$referrer_host, 'www.baidu.com');
  assert.deepEqual(latestOf(eventsOf(server, id, 'afterLanding')[0]!.properties), searchTouch, 'on every event, not only the pageview');

  const profile = eventsOf(server, id).find((e) => e.type === 'profile_set_once')!;
  assert.deepEqual(
    Object.fromEntries(Object.entries(profile.properties).filter(([key]) => key !== '$first_visit_time')),
    { $first_traffic_source_type: 'search engine', $first_referrer: baidu, $first_referrer_host: 'www.baidu.com', $first_search_keyword: '埋点 sdk' },
  );

  // Same host, then another host of the site with campaign parameters on the link, then back.
  await page.click('#to-next');
  await waitFor(() => eventsOf(server, id, '$pageview').length === 2, 'the pageview of next.html');
  await page.goto(site('a') + '/land.html');
  await page.click('#to-b');
  await page.waitForURL('**/b.html?*');
  await page.click('#to-a');
  await waitFor(() => eventsOf(server, id, '$pageview').length === 5, 'five pageviews');
  await settle();
  const views = eventsOf(server, id, '$pageview').map((e) => e.properties);
  const [, next, direct, onB, backOnA] = views;
  assert.deepEqual(latestOf(next!), searchTouch, 'a page of the same host is no new touch');
  assert.deepEqual(latestOf(direct!), { $latest_traffic_source_type: 'direct', $latest_referrer: '', $latest_referrer_host: '' }, 'typing the URL is a new, direct touch');
  assert.equal(onB!.$utm_source, 'internal_banner', 'the pageview still records the URL\'s campaign');
  assert.equal(onB!.$referrer_host, 'a.tracklet.test');
  assert.deepEqual(latestOf(onB!), {}, 'a referrer from another host of the site changes nothing (b has no touch of its own yet)');
  assert.deepEqual(latestOf(backOnA!), latestOf(direct!), 'back on a, still the touch a recorded');
  assert.equal(eventsOf(server, id).filter((e) => e.type === 'profile_set_once').length, 1, 'first touch only once');
  await context.close();
});

test('social, referral and paid landings; a new touch replaces every $latest_ property of the previous one', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const visit = async (url: string, referer?: string) => {
    await page.goto(url, referer ? { referer } : {});
    await page.evaluate(() => (window as any).tracklet.track('probe'));
  };
  await visit(site('a') + '/next.html?utm_source=newsletter&utm_medium=email&utm_campaign=launch&utm_content=hero&utm_term=sdk', 'https://mail.example.com/');
  const id = await page.evaluate(() => (window as any).tracklet.getDistinctId() as string);
  await visit(site('a') + '/next.html', 'https://www.zhihu.com/question/1');
  await visit(site('a') + '/next.html', 'https://news.ycombinator.com/item?id=1');
  await waitFor(() => eventsOf(server, id, 'probe').length === 3, 'three probes');
  const [paid, social, referral] = eventsOf(server, id, 'probe').map((e) => latestOf(e.properties));
  assert.deepEqual(paid, {
    $latest_traffic_source_type: 'paid', $latest_referrer: 'https://mail.example.com/', $latest_referrer_host: 'mail.example.com',
    $latest_utm_source: 'newsletter', $latest_utm_medium: 'email', $latest_utm_campaign: 'launch', $latest_utm_content: 'hero', $latest_utm_term: 'sdk',
  });
  assert.deepEqual(social, { $latest_traffic_source_type: 'social network', $latest_referrer: 'https://www.zhihu.com/question/1', $latest_referrer_host: 'www.zhihu.com' },
    'no campaign left over from the previous touch');
  assert.equal(referral!.$latest_traffic_source_type, 'referral');
  const landing = eventsOf(server, id, '$pageview')[0]!.properties;
  assert.deepEqual([landing.$utm_source, landing.$utm_medium, landing.$utm_campaign, landing.$utm_content, landing.$utm_term], ['newsletter', 'email', 'launch', 'hero', 'sdk']);
  await context.close();
});
