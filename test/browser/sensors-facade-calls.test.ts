import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { startTestCollector } from '../unit/helpers/collector-server';
import { launchChromium } from './helpers/chromium';
import { eventsOf, eventually, recordRequests, shopPage, startShop, useSdk, type Sent, type Side } from './helpers/sensors-site';

// Issue 25: the facade's calls beyond the side-by-side walk — what is not supported (reported,
// never thrown), property keys outside the naming rule, callbacks, quick(), page-level and
// once-only super properties, single-page apps and the image send type. Real Chromium, the
// reference collector on 127.0.0.1.

let collector: Awaited<ReturnType<typeof startTestCollector>>;
let browser: Browser;
let shop: Awaited<ReturnType<typeof startShop>>;
const HOST = 'shop.tracklet.test';
before(async () => {
  collector = await startTestCollector();
  browser = await launchChromium([HOST]);
  shop = await startShop();
});
after(async () => {
  await browser?.close();
  await shop?.close();
  await collector?.stop();
});

const PARA = { show_log: false, heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' } };
type Sensors = Record<string, (...args: unknown[]) => unknown> & { store: Record<string, () => unknown> };

/** Opens `path` (a page of the shop) with `side`'s SDK; records its requests and console warnings. */
async function open(side: Side, path: string, html: string): Promise<{ page: Page; sent: Sent[]; warnings: string[] }> {
  shop.page(path, html);
  const context = await browser.newContext();
  await useSdk(context, side, 50);
  const page = await context.newPage();
  const sent = recordRequests(page, collector.url);
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto(shop.url.replace('127.0.0.1', HOST) + path);
  await page.waitForFunction(() => typeof (window as unknown as { sensors: unknown }).sensors === 'object');
  return { page, sent, warnings };
}

test('unsupported calls do nothing, never throw, and are reported in the console once per call name, with the reason', { timeout: 60_000 }, async () => {
  const { page, warnings } = await open('facade', '/unsupported.html', shopPage({ ...PARA, server_url: collector.url + '/sa' }));
  const outcome = await page.evaluate(() => {
    const s = (window as unknown as { sensors: Sensors }).sensors;
    const thrown: string[] = [];
    const calls: [string, unknown[]][] = [
      ['setItem', ['book', 'dune', { title: 'Dune' }]],
      ['deleteItem', ['book', 'dune']],
      ['trackLink', [document.body, 'linkClick']],
      ['use', ['PageLeave']],
      ['loginWithKey', ['$identity_email', 'a@b.c']],
      ['quick', ['trackAllHeatMap']],
      ['quick', ['noSuchThing']],
      ['setItem', ['book', 'emma', {}]],
    ];
    const results = calls.map(([name, args]) => {
      try {
        return s[name]!(...args);
      } catch (error) {
        thrown.push(name + ': ' + String(error));
      }
    });
    return { thrown, results };
  });
  assert.deepEqual(outcome.thrown, []);
  assert.ok(outcome.results.every((result) => result === undefined || result === null));
  const unsupported = warnings.filter((text) => text.includes('is not supported by the tracklet facade'));
  assert.deepEqual(
    unsupported.map((text) => text.split(' is not')[0]),
    ['[tracklet] setItem()', '[tracklet] deleteItem()', '[tracklet] trackLink()', '[tracklet] use()', '[tracklet] loginWithKey()', "[tracklet] quick('trackAllHeatMap')", "[tracklet] quick('noSuchThing')"],
    'one console warning per call name, the second setItem() not repeated',
  );
  assert.match(unsupported[0]!, /items \(item_set\) are not among tracklet payload types/, 'with the reason');
  await page.context().close();
});

test('onError: unsupported calls (code unsupported) and dropped property keys (invalid_property); the rest of the event is sent', { timeout: 60_000 }, async () => {
  const html = `<!doctype html><html><head><title>shop</title><script src="/sdk.js"></script><script>
window.__reports = [];
var sensors = window.sensorsDataAnalytic201505;
sensors.init({ server_url: ${JSON.stringify(collector.url + '/sa')}, heatmap: { clickmap: 'not_collect' }, onError: function (e) { window.__reports.push(e); } });
sensors.setItem('book', 'dune', {});
sensors.track('keys', { ok: 4, _x: 1, 'a-b': 2, '中文': 3 });
</script></head><body></body></html>`;
  const { page, sent } = await open('facade', '/keys.html', html);
  await eventually('the event', () => eventsOf(sent).some((event) => event.event === 'keys'));
  const event = eventsOf(sent).find((item) => item.event === 'keys')!;
  const props = event.properties as Record<string, unknown>;
  assert.equal(props.ok, 4);
  assert.ok(!('_x' in props) && !('a-b' in props) && !('中文' in props), 'keys outside the naming rule are left out');
  const reports = (await page.evaluate(() => (window as unknown as { __reports: { code: string; method?: string }[] }).__reports)).map((r) => r.code + ' ' + r.method);
  assert.deepEqual(reports.filter((r) => r.startsWith('unsupported')), ['unsupported setItem']);
  assert.equal(reports.filter((r) => r.startsWith('invalid_property')).length, 3, 'one report per dropped key: ' + reports.join(', '));
  await eventually('the event stored', () => collector.db.prepare("SELECT COUNT(*) FROM events WHERE event = 'keys'").pluck().get() === 1);
  await page.context().close();
});

test("the real SDK sends '_x' and the collector refuses that whole event: why the facade drops the key and keeps the event", { timeout: 60_000 }, async () => {
  const { page, sent } = await open('real', '/real-keys.html', shopPage({ ...PARA, server_url: collector.url + '/sa' }));
  await page.evaluate(() => (window as unknown as { sensors: Sensors }).sensors.track!('realKeys', { ok: 4, _x: 1 }));
  await eventually('the request', () => eventsOf(sent).some((event) => event.event === 'realKeys'));
  assert.equal((eventsOf(sent).find((event) => event.event === 'realKeys')!.properties as Record<string, unknown>)._x, 1, 'Sensors sends _x');
  await eventually('the reject', () => collector.db.prepare("SELECT COUNT(*) FROM rejects WHERE payload LIKE '%realKeys%'").pluck().get() === 1);
  assert.equal(collector.db.prepare("SELECT COUNT(*) FROM events WHERE event = 'realKeys'").pluck().get(), 0);
  await page.context().close();
});

test('callbacks, quick(isReady / getAnonymousID), registerPage (this page only), registerOnce, clearAllRegister, getPresetProperties', { timeout: 60_000 }, async () => {
  const html = shopPage({ ...PARA, server_url: collector.url + '/sa' }, "window.__log = []; window.__now = function () { return 'now'; }; sensors.quick('isReady', function () { window.__log.push('ready'); });");
  const { page, sent } = await open('facade', '/calls.html', html);
  const log = await page.evaluate(async () => {
    const w = window as unknown as { sensors: Sensors; __log: string[]; __now: () => string };
    const s = w.sensors;
    s.register!({ shop: 'main', plan: 'free' });
    s.registerOnce!({ plan: 'gold', first_source: 'ad' });
    s.registerPage!({ page_kind: 'product', when: w.__now });
    s.track!('withSupers', { own: 1 }, () => w.__log.push('track'));
    s.login!('member_9', () => w.__log.push('login'));
    s.setProfile!({ plan: 'free' }, () => w.__log.push('setProfile'));
    s.incrementProfile!('visits', () => w.__log.push('incrementProfile'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    s.clearAllRegister!();
    s.track!('afterClear');
    return {
      log: w.__log,
      anonymous: s.quick!('getAnonymousID'),
      firstId: s.store.getFirstId!(),
      presets: s.getPresetProperties!() as Record<string, unknown>,
    };
  });
  assert.deepEqual(log.log.slice(0, 1), ['ready'], 'isReady, queued before the SDK arrived, ran at init');
  assert.deepEqual([...log.log.slice(1)].sort(), ['incrementProfile', 'login', 'setProfile', 'track'], 'every callback ran once');
  assert.equal(log.anonymous, log.firstId, 'while logged in, first_id is the anonymous ID');
  assert.equal(log.presets.$url_path, '/calls.html');
  assert.equal(log.presets._distinct_id, 'member_9');
  assert.equal(log.presets.$latest_traffic_source_type, '直接流量');
  assert.equal((log.presets.identities as Record<string, string>).$identity_login_id, 'member_9');
  await eventually('afterClear', () => eventsOf(sent).some((event) => event.event === 'afterClear'));
  const events = eventsOf(sent);
  const props = (name: string) => eventsOf(sent).find((event) => event.event === name)!.properties as Record<string, unknown>;
  assert.deepEqual(
    [props('withSupers').shop, props('withSupers').plan, props('withSupers').first_source, props('withSupers').page_kind, props('withSupers').when, props('withSupers').own],
    ['main', 'free', 'ad', 'product', 'now', 1],
    'register, registerOnce (not over plan), registerPage (a value and a function)',
  );
  assert.equal((events.find((event) => event.type === 'profile_increment')!.properties as Record<string, unknown>).visits, 1, "incrementProfile('visits') adds 1");
  const cleared = props('afterClear');
  assert.equal(cleared.shop, undefined, 'clearAllRegister removed register()');
  assert.equal(cleared.page_kind, 'product', 'but not registerPage()');
  // A reload: register() persists (none left after the clear), registerPage() does not.
  await page.evaluate(() => (window as unknown as { sensors: Sensors }).sensors.register!({ kept: 'yes' }));
  await page.reload();
  await page.waitForFunction(() => typeof (window as unknown as { sensors: unknown }).sensors === 'object');
  await page.evaluate(() => (window as unknown as { sensors: Sensors }).sensors.track!('afterReload'));
  await eventually('afterReload', () => eventsOf(sent).some((event) => event.event === 'afterReload'));
  assert.equal(props('afterReload').kept, 'yes');
  assert.equal(props('afterReload').page_kind, undefined);
  await page.context().close();
});

test("single-page apps: is_track_single_page sends a $pageview per route; without it only the landing's, unless quick('autoTrackSinglePage')", { timeout: 60_000 }, async () => {
  const pageviews = (sent: Sent[]) => eventsOf(sent).filter((event) => event.event === '$pageview').map((event) => (event.properties as Record<string, unknown>).$url_path);
  const route = (page: Page, path: string) => page.evaluate((to) => history.pushState({}, '', to), path);
  const on = await open('facade', '/spa.html', shopPage({ ...PARA, server_url: collector.url + '/sa', is_track_single_page: true }));
  await eventually('landing', () => pageviews(on.sent).length === 1);
  await route(on.page, '/spa/cart');
  await eventually('the route', () => pageviews(on.sent).length === 2);
  // A hash router's route is a route too.
  await on.page.evaluate(() => (location.hash = '#/detail'));
  await eventually('the hash route', () => pageviews(on.sent).length === 3);
  assert.deepEqual(pageviews(on.sent), ['/spa.html', '/spa/cart', '/spa/cart']);
  assert.match(String((eventsOf(on.sent).at(-1)!.properties as Record<string, unknown>).$url), /#\/detail$/);
  await on.page.context().close();

  const off = await open('facade', '/spa-off.html', shopPage({ ...PARA, server_url: collector.url + '/sa' }).replace("sensors.quick('autoTrack');", "sensors.quick('autoTrack', { platform: 'h5' });"));
  await eventually('landing', () => pageviews(off.sent).length === 1);
  await route(off.page, '/spa/cart');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(pageviews(off.sent), ['/spa-off.html'], 'no route pageview without is_track_single_page');
  await off.page.evaluate(() => (window as unknown as { sensors: Sensors }).sensors.quick!('autoTrackSinglePage', { from_router: true }));
  await route(off.page, '/spa/checkout');
  await eventually('the allowed route', () => pageviews(off.sent).length === 2);
  const views = eventsOf(off.sent).filter((event) => event.event === '$pageview');
  assert.equal((views[0]!.properties as Record<string, unknown>).platform, 'h5', "quick('autoTrack', props) adds props");
  assert.equal((views[1]!.properties as Record<string, unknown>).from_router, true);
  assert.equal((views[1]!.properties as Record<string, unknown>).$url_path, '/spa/checkout');
  await off.page.context().close();
});

test("send_type 'image' sends one GET /sa.gif?data= per event; batch_send false one request per event", { timeout: 60_000 }, async () => {
  const image = await open('facade', '/image.html', shopPage({ ...PARA, server_url: collector.url + '/sa', send_type: 'image' }));
  await image.page.evaluate(() => ['a', 'b', 'c'].forEach((name) => (window as unknown as { sensors: Sensors }).sensors.track!(name)));
  await eventually('three events', () => eventsOf(image.sent).filter((event) => /^[abc]$/.test(event.event as string)).length === 3);
  assert.ok(image.sent.every((request) => request.method === 'GET' && request.path === '/sa.gif' && request.events.length === 1), JSON.stringify(image.sent.map((r) => r.method + r.path)));
  await image.page.context().close();

  const single = await open('facade', '/single.html', shopPage({ ...PARA, server_url: collector.url + '/sa', batch_send: false }));
  await single.page.evaluate(() => ['d', 'e', 'f'].forEach((name) => (window as unknown as { sensors: Sensors }).sensors.track!(name)));
  await eventually('three events', () => eventsOf(single.sent).filter((event) => /^[def]$/.test(event.event as string)).length === 3);
  const carrying = single.sent.filter((request) => request.events.some((event) => /^[def]$/.test(event.event as string)));
  assert.deepEqual(carrying.map((request) => request.method + ' ' + request.events.length), ['POST 1', 'POST 1', 'POST 1']);
  await single.page.context().close();
});
