import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(['*.tracklet.test']), startTestServer()]);
  server.page('/p.html', sdkPage(server.origin + '/collect'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as any).tracklet[m as string](...(a as unknown[])), [method, args] as const);
const errors = (page: Page) => page.evaluate(() => (window as any).__errors as string[]);

test('identity survives a reload, in one small SameSite=Lax cookie that holds IDs only', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  await call(page, 'identify', 'id_xx1');
  await call(page, 'login', 'login_user_xx');
  await call(page, 'bind', '$identity_mobile', '187****8991');
  const before = await call(page, 'getIdentities');
  await page.reload();
  assert.deepEqual(await call(page, 'getIdentities'), before);
  assert.equal(await call(page, 'getDistinctId'), 'login_user_xx');

  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => c.name), ['tracklet_id'], 'exactly one cookie');
  const [cookie] = cookies;
  const cookieId = (before as Record<string, string>).$identity_cookie_id;
  // Bound IDs stay out of the cookie (see identity-cookie-hardening.test.ts).
  assert.equal(cookie!.value, `c=${cookieId}&a=id_xx1&l=login_user_xx`);
  assert.ok(cookie!.value.length < 120, 'the cookie stays small: ' + cookie!.value.length + ' bytes');
  assert.equal(cookie!.sameSite, 'Lax');
  assert.equal(cookie!.path, '/');
  assert.equal(cookie!.secure, false, 'not Secure on http');
  assert.equal(cookie!.domain, '127.0.0.1', 'a host-only cookie on an IP address');
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  assert.ok(days > 360 && days < 366, 'expires in a year, got ' + days);
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('the cookie is Secure on https', async () => {
  const secure = await startTestServer({ https: true });
  try {
    secure.page('/p.html', sdkPage(secure.origin + '/collect'));
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(secure.origin + '/p.html');
    const [cookie] = await context.cookies();
    assert.equal(cookie!.name, 'tracklet_id');
    assert.equal(cookie!.secure, true);
    assert.equal(cookie!.sameSite, 'Lax');
    await context.close();
  } finally {
    await secure.close();
  }
});

test('on https, every cookie tracklet writes, the domain probe too, is SameSite=Lax and Secure', async () => {
  const secure = await startTestServer({ https: true });
  try {
    secure.page('/p.html', sdkPage(secure.origin + '/collect'));
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    // Every document.cookie write, before the SDK loads: the probe's cookie is gone by the
    // time the context's cookies could be read.
    await context.addInitScript(() => {
      const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
      const writes: string[] = ((window as any).__cookieWrites = []);
      Object.defineProperty(Document.prototype, 'cookie', {
        configurable: true,
        get() {
          return cookie.get!.call(this);
        },
        set(value: string) {
          writes.push(value);
          cookie.set!.call(this, value);
        },
      });
    });
    const page = await context.newPage();
    await page.goto(`https://a.tracklet.test:${secure.port}/p.html`);
    const writes: string[] = await page.evaluate(() => (window as any).__cookieWrites);
    const names = writes.map((write) => write.split('=')[0]);
    assert.ok(names.includes('tracklet_probe') && names.includes('tracklet_id'), 'the probe and the identity cookie: ' + names.join(', '));
    for (const write of writes) {
      assert.match(write, /;\s*secure/i, write);
      assert.match(write, /;\s*samesite=lax/i, write);
    }
    const cookies = await context.cookies();
    assert.deepEqual(cookies.map((c) => [c.name, c.domain, c.secure]), [['tracklet_id', '.tracklet.test', true]]);
    assert.deepEqual(await errors(page), []);
    await context.close();
  } finally {
    await secure.close();
  }
});

test('two subdomains of one site share the user through a cookie on the registrable domain', async () => {
  const context = await browser.newContext();
  const a = await context.newPage();
  await a.goto(`http://a.tracklet.test:${server.port}/p.html`);
  await call(a, 'login', 'shared_user');
  const b = await context.newPage();
  await b.goto(`http://b.tracklet.test:${server.port}/p.html`);
  assert.deepEqual(await call(b, 'getIdentities'), await call(a, 'getIdentities'));
  assert.equal(await call(b, 'getLoginId'), 'shared_user');
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => [c.name, c.domain]), [['tracklet_id', '.tracklet.test']], 'one cookie, on the site');
  assert.deepEqual([...(await errors(a)), ...(await errors(b))], []);
  await context.close();
});

test('optOut() erases the identity cookie set on the registrable domain, not only a host-only one', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://a.tracklet.test:${server.port}/p.html`);
  await call(page, 'login', 'leaving_user');
  assert.deepEqual((await context.cookies()).map((c) => [c.name, c.domain]), [['tracklet_id', '.tracklet.test']]);
  await call(page, 'optOut');
  // Erasing with the attributes it was set with: a removal without its domain misses it here.
  assert.deepEqual(await context.cookies(), [], 'no identity cookie is left on the site');
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('an explicit cookieDomain option is used, and another cookieName keeps its own user', async () => {
  server.page('/own.html', sdkPage(server.origin + '/collect', { cookieName: 'tracklet_shop', cookieDomain: 'a.tracklet.test' }));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://a.tracklet.test:${server.port}/own.html`);
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => [c.name, c.domain]), [['tracklet_shop', '.a.tracklet.test']]);
  await context.close();
});

test('with cookies blocked, identity lives in memory for the page and nothing throws', async () => {
  const context = await browser.newContext();
  // document.cookie throws, as in a sandboxed frame or under a strict privacy extension.
  await context.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'cookie', {
      get() { throw new DOMException('blocked', 'SecurityError'); },
      set() { throw new DOMException('blocked', 'SecurityError'); },
    });
  });
  const page = await context.newPage();
  const start = server.events().length;
  await page.goto(server.origin + '/p.html');
  await call(page, 'login', 'memory_user');
  await call(page, 'track', 'afterLogin');
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + 2)).slice(start);
  assert.deepEqual(events.map((e) => e.event), ['$SignUp', 'afterLogin']);
  assert.equal(events[1]!.distinct_id, 'memory_user');
  assert.equal(events[0]!.anonymous_id, events[1]!.anonymous_id, 'one anonymous ID for the page');
  assert.deepEqual(await errors(page), []);
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test('in a sandboxed iframe (no cookies, no storage) the SDK tracks without throwing', async () => {
  server.page('/inner.html', sdkPage(server.origin + '/collect', {}, "tracklet.track('fromSandbox'); tracklet.flush();"));
  server.page('/outer.html', '<!doctype html><iframe sandbox="allow-scripts" src="/inner.html"></iframe>');
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const start = server.events().length;
  await page.goto(server.origin + '/outer.html');
  const events = (await server.waitForEvents(start + 1)).slice(start);
  assert.equal(events[0]!.event, 'fromSandbox');
  const frame = page.frames()[1]!;
  // No storage at all: the one report says events live in memory (delivery-storage.test.ts).
  assert.deepEqual(await frame.evaluate(() => (window as any).__errors.map((e: string) => e.split(':')[1])), ['storage_unavailable']);
  assert.deepEqual(pageErrors, []);
  await context.close();
});
