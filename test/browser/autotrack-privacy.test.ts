import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { eventsOf, settle, waitFor } from './helpers/autotrack';
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

const distinctId = (page: import('playwright').Page) => page.evaluate(() => (window as any).tracklet.getDistinctId() as string);

test('secrets in URLs stay home: $url, $referrer, $url_path, $latest_referrer and $element_target_url lose the default secret parameters; sanitizeUrl rewrites the rest', async () => {
  server.page('/callback/inv-7f3a', `<!doctype html><title>Callback</title><body>
<a id="reset" href="/account?reset_token=SECRET5&tab=2">Reset <span style="display:none">hidden words</span>your password</a>
<script src="/dist/tracklet.min.js"></script>
<script>
window.__errors = [];
tracklet.init({ serverUrl: '/collect', flushInterval: 50, autotrack: { click: true },
  sanitizeUrl: (url) => url.replace(/\\/callback\\/[^/?#]+/, '/callback/:invite'), onError: (e) => __errors.push(e.code) });
tracklet.track('signed_in');
document.getElementById('reset').addEventListener('click', (e) => e.preventDefault());
</script></body>`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/callback/inv-7f3a?code=SECRET1&session_token=SECRET2&next=%2F#access_token=SECRET3&token_type=bearer', { referer: 'https://idp.example.org/authorize?client_secret=SECRET4&client_id=shop' });
  const id = await distinctId(page);
  await page.click('#reset');
  await waitFor(() => eventsOf(server, id, '$WebClick').length && eventsOf(server, id, '$pageview').length, 'the pageview and the click');
  await settle();
  const expectedUrl = server.origin + '/callback/:invite?next=%2F#token_type=bearer';
  const [view] = eventsOf(server, id, '$pageview');
  assert.equal(view!.properties.$url, expectedUrl);
  assert.equal(view!.properties.$url_path, '/callback/:invite');
  assert.equal(view!.properties.$referrer, 'https://idp.example.org/authorize?client_id=shop');
  assert.equal(view!.properties.$latest_referrer, 'https://idp.example.org/authorize?client_id=shop');
  const [custom] = eventsOf(server, id, 'signed_in');
  assert.equal(custom!.properties.$url, expectedUrl, 'presets of every event, not only autotrack\'s');
  assert.equal(custom!.properties.$referrer, 'https://idp.example.org/authorize?client_id=shop');
  const [click] = eventsOf(server, id, '$WebClick');
  assert.equal(click!.properties.$element_target_url, server.origin + '/account?tab=2');
  assert.equal(click!.properties.$element_content, 'Reset your password', 'visible text only: no display:none span');
  const text = JSON.stringify(eventsOf(server, id));
  for (const secret of ['SECRET', 'inv-7f3a']) assert.ok(!text.includes(secret), secret + ' was sent');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await context.close();
});

test('a 1.4 MB fragment and long campaign values are cut to maxStringLength: every event of the page view arrives', async () => {
  server.page('/long.html', sdkPage(server.origin + '/collect', { autotrack: { click: true } }, `
const long = 'x'.repeat(1_400_000);
document.body.insertAdjacentHTML('beforeend', '<a id="long" href="#' + long + '">long</a>');`));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/long.html?utm_source=' + 'n'.repeat(600));
  const id = await distinctId(page);
  await page.evaluate(() => document.getElementById('long')!.click()); // the page's URL is now 1.4 MB long
  assert.ok(await page.evaluate(() => location.href.length > 1_400_000));
  await page.evaluate(() => (window as any).tracklet.track('after_click'));
  await waitFor(() => eventsOf(server, id, 'after_click').length, 'the event after the click');
  await settle();
  const events = eventsOf(server, id).filter((e) => e.type === 'track');
  assert.deepEqual(events.map((e) => e.event).sort(), ['$WebClick', '$pageview', 'after_click']);
  for (const e of events) {
    for (const [key, value] of Object.entries(e.properties)) {
      if (typeof value === 'string') assert.ok(value.length <= 255, `${e.event} ${key} is ${value.length} characters`);
    }
  }
  const view = eventsOf(server, id, '$pageview')[0]!.properties;
  assert.equal((view.$utm_source as string).length, 255);
  assert.equal((view.$latest_utm_source as string).length, 255);
  assert.equal(server.received.filter((r) => r.status >= 400).length, 0);
  await context.close();
});

test('a hostile page: throwing referrer, title, screen and Element.closest getters cost only those facts, reported once each', async () => {
  server.page('/hostile.html', sdkPage(server.origin + '/collect', { autotrack: { click: true } }, `tracklet.track('one'); tracklet.track('two');`)
    .replace('<body>', '<body><button id="b">Buy</button>'));
  const context = await browser.newContext();
  // A string, not a function: tsx would wrap the function in a helper the page does not have.
  await context.addInitScript(`
    const hostile = () => { throw new Error('hostile'); };
    Object.defineProperty(Document.prototype, 'referrer', { get: hostile, configurable: true });
    Object.defineProperty(Document.prototype, 'title', { get: hostile, set: hostile, configurable: true });
    Object.defineProperty(window, 'screen', { get: hostile, configurable: true });
    Element.prototype.closest = hostile;`);
  const page = await context.newPage();
  await page.goto(server.origin + '/hostile.html');
  const id = await distinctId(page);
  assert.ok(id, 'init() worked');
  await page.click('#b');
  await page.click('#b');
  await waitFor(() => eventsOf(server, id, 'two').length && eventsOf(server, id, '$pageview').length, 'the events');
  await settle();
  const events = eventsOf(server, id).filter((e) => e.type === 'track');
  assert.deepEqual(events.map((e) => e.event).sort(), ['$pageview', 'one', 'two']);
  const one = eventsOf(server, id, 'one')[0]!.properties;
  assert.equal(one.$title, '');
  assert.equal(one.$referrer, '');
  assert.equal(one.$screen_width, 0);
  const errors = (await page.evaluate(() => (window as any).__errors)) as string[];
  assert.ok(errors.every((e) => e.startsWith('onError:page_read_failed:')), 'no uncaught error: ' + errors.join(' | '));
  const facts = errors.map((e) => /reading (\S+) failed/.exec(e)![1]);
  assert.deepEqual([...facts].sort(), ['Element.closest', 'document.referrer', 'document.title', 'screen'], 'each once');
  await context.close();
});
