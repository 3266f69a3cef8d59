import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
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

const LOADER = readFileSync('docs/loader-snippet.html', 'utf8');
const SCRIPT_URL = 'https://your.cdn/tracklet.min.js';
assert.ok(LOADER.includes(SCRIPT_URL), 'the snippet names its script URL on its last line');

/** A page with the loader pasted (pointing at the built script) and `body` after it. */
function loaderPage(body: string, scriptUrl = '/dist/tracklet.min.js'): string {
  return `<!doctype html><title>loader</title>${LOADER.replace(SCRIPT_URL, scriptUrl)}<script>
window.__errors = [];
addEventListener('error', (e) => window.__errors.push('page error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__errors.push('rejection: ' + e.reason));
${body}
</script>`;
}

/** A page whose request for the script is held `ms` milliseconds, as a slow CDN would. */
async function slowScriptPage(ms: number) {
  const page = await browser.newPage();
  await page.route('**/dist/tracklet.min.js', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
  return page;
}

test('the async loader injects the script itself; calls made before it arrives are replayed with their own time', async () => {
  server.page('/loader.html', loaderPage(`
tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 50, autotrack: false, onError: (e) => __errors.push(e.code) });
tracklet.login('early_user');
tracklet.track('early', { n: 1 });
window.__calledAt = Date.now();`));
  const page = await slowScriptPage(300);
  const start = server.events().length;
  await page.goto(server.origin + '/loader.html');
  const events = (await server.waitForEvents(start + 2)).slice(start);
  const calledAt = await page.evaluate(() => (window as any).__calledAt as number);
  assert.deepEqual(events.map((e) => e.event), ['$SignUp', 'early']);
  assert.equal(events[1]!.distinct_id, 'early_user');
  for (const event of events) {
    assert.ok(Math.abs((event.time as number) - calledAt) < 50, 'time is when the call was made, not when replayed');
    assert.ok((event._flush_time as number) - (event.time as number) >= 250, 'sent after the script arrived');
  }
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="tracklet.min.js"]').length), 1);
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await page.close();
});

test('before the script arrives, flush() and the read-outs return promises that resolve with the real answers once it has', async () => {
  server.page('/loader-reads.html', loaderPage(`
tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 5000, autotrack: false, onError: (e) => __errors.push(e.code) });
tracklet.login('reader');
tracklet.registerSuperProperties({ plan: 'pro' });
tracklet.track('beforeFlush');
window.__results = Promise.all([
  tracklet.flush().then(async (value) => ({ flushed: value === undefined, arrivedBeforeFlushResolved: await window.__arrived() })),
  tracklet.getDistinctId(), tracklet.getLoginId(), tracklet.getAnonymousId(), tracklet.getIdentities(), tracklet.getSuperProperties(),
]);
window.__stubbed = typeof tracklet.flush().then === 'function' && typeof tracklet.getDistinctId().then === 'function';`));
  const page = await slowScriptPage(300);
  await page.exposeFunction('__arrived', () => server.events().filter((e) => e.event === 'beforeFlush').length);
  await page.goto(server.origin + '/loader-reads.html');
  assert.equal(await page.evaluate(() => (window as any).__stubbed), true, 'every read-out is a promise before the script arrives');
  const [flush, distinctId, loginId, anonymousId, identities, supers] = await page.evaluate(() => (window as any).__results);
  assert.deepEqual(flush, { flushed: true, arrivedBeforeFlushResolved: 1 }, 'flush() resolved once the collector had the event (flushInterval is 5 s)');
  assert.equal(distinctId, 'reader', 'read after the replayed login()');
  assert.equal(loginId, 'reader');
  assert.match(anonymousId, /^[0-9a-f-]{36}$/);
  assert.equal(identities.$identity_login_id, 'reader');
  assert.deepEqual(supers, { plan: 'pro' });
  assert.equal(await page.evaluate(() => typeof (window as any).tracklet.getDistinctId()), 'string', 'then the real tracker answers at once');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await page.close();
});

test('the loader keeps 1,000 calls; what it drops is reported to onError by method', async () => {
  server.page('/loader-overflow.html', loaderPage(`
tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 50, autotrack: false, onError: (e) => __errors.push(e.code + ': ' + e.message) });
for (let i = 0; i < 1005; i++) tracklet.track('burst', { i });
window.__lateId = tracklet.getDistinctId();`));
  const page = await slowScriptPage(200);
  const start = server.events().length;
  await page.goto(server.origin + '/loader-overflow.html');
  const events = (await server.waitForEvents(start + 999, 15_000)).slice(start);
  assert.equal(events.length, 999, 'init and the first 999 tracks were kept');
  assert.deepEqual(events.map((e) => (e.properties as { i: number }).i), Array.from({ length: 999 }, (_, i) => i), 'the earliest calls are the ones kept');
  assert.equal(await page.evaluate(() => (window as any).__lateId), '', 'a read-out past the limit resolves at once, as before init()');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), ['not_initialized: loader: over 1000 calls before the script arrived; dropped: track 6, getDistinctId 1']);
  await page.close();
});

test('when the script cannot load, the loader\'s promises still resolve (with the answers of a tracker not started) and nothing throws', async () => {
  server.page('/loader-missing.html', loaderPage(`
tracklet.init({ serverUrl: '${server.origin}/collect' });
tracklet.track('lost');
window.__results = Promise.all([tracklet.flush(), tracklet.getDistinctId(), tracklet.getIdentities(), tracklet.getSuperProperties()])
  .then((answers) => answers.map((answer) => (answer === undefined ? 'undefined' : answer)));`, '/dist/no-such-file.js'));
  const page = await browser.newPage();
  await page.goto(server.origin + '/loader-missing.html');
  assert.deepEqual(await page.evaluate(() => (window as any).__results), ['undefined', '', {}, {}]);
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), []);
  await page.close();
});

test('the loader pasted twice loads the script once', async () => {
  server.page('/loader-twice.html', loaderPage('') + LOADER.replace(SCRIPT_URL, '/dist/tracklet.min.js'));
  const page = await browser.newPage();
  await page.goto(server.origin + '/loader-twice.html');
  await page.waitForFunction(() => typeof (window as any).tracklet.getDistinctId() === 'string');
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[src$="tracklet.min.js"]').length), 1);
  await page.close();
});

test('debugMode 1 warns loudly in the console at init() that nothing will be stored', async () => {
  server.page('/debug-one.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
tracklet.init({ serverUrl: '${server.origin}/collect', debugMode: 1, autotrack: false });
</script>`);
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  await page.goto(server.origin + '/debug-one.html');
  await page.waitForFunction(() => (window as any).tracklet.getDistinctId() !== '');
  assert.deepEqual(warnings.filter((text) => text.includes('NOT STORED')), ['[tracklet] debugMode 1: events are checked, NOT STORED (debugMode 2 stores)']);
  await page.close();
});

test('calls made before init() are replayed by init() with their original time', async () => {
  server.page('/late-init.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
tracklet.track('beforeInit');
window.__calledAt = Date.now();
setTimeout(() => tracklet.init({ serverUrl: '${server.origin}/collect', flushInterval: 50, autotrack: false }), 200);
</script>`);
  const page = await browser.newPage();
  const start = server.events().length;
  await page.goto(server.origin + '/late-init.html');
  const [event] = (await server.waitForEvents(start + 1)).slice(start);
  const calledAt = await page.evaluate(() => (window as any).__calledAt as number);
  assert.equal(event!.event, 'beforeInit');
  assert.ok(Math.abs((event!.time as number) - calledAt) < 50);
  await page.close();
});

test('init without serverUrl reports the problem, throws nothing, and tracking stays off', async () => {
  server.page('/bad-init.html', `<!doctype html><script src="/dist/tracklet.min.js"></script><script>
window.__errors = [];
tracklet.init({ onError: (e) => window.__errors.push(e.code + ': ' + e.message) });
tracklet.track('lost');
</script>`);
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.origin + '/bad-init.html');
  assert.deepEqual(await page.evaluate(() => (window as any).__errors), ['invalid_option: init: serverUrl is required and must be a URL']);
  assert.equal(await page.evaluate(() => (window as any).tracklet.getDistinctId()), '');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
