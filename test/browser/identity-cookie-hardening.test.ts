import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright';
import { isRejection, validateEvent } from '../../demo/collector/validate';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { startTestServer, type TestServer } from './helpers/test-server';

// The identity cookie as an attacker, a sibling subdomain or long IDs leave it, on https host
// names of one site (a.tracklet.test, b.tracklet.test), as a real site has them.

let browser: Browser;
let server: TestServer;
let site: (host: string) => string;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(['*.tracklet.test']), startTestServer({ https: true })]);
  server.page('/p.html', sdkPage(server.origin + '/collect'));
  site = (host) => `https://${host}.tracklet.test:${server.port}/p.html`;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as any).tracklet[m as string](...(a as unknown[])), [method, args] as const);
const errors = (page: Page) => page.evaluate(() => (window as any).__errors as string[]);
const cookieValue = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'tracklet_id')?.value;
const newContext = () => browser.newContext({ ignoreHTTPSErrors: true });

test('an identity cookie holding a 300-character login ID and bad keys: dropped, reported, rewritten; events stay valid', async () => {
  const context = await newContext();
  // Written by the site itself or a sibling subdomain, on the registrable domain.
  const planted = 'c=planted_cookie&l=' + 'x'.repeat(300) + '&i_bad-key=v&i_mobile=13800000000';
  await context.addCookies([{ name: 'tracklet_id', value: planted, domain: '.tracklet.test', path: '/', secure: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  await page.goto(site('a'));
  assert.deepEqual(await errors(page), [
    'onError:invalid_cookie:stored identity: the bound ID key "i_bad-key" must be "$identity_" and a name of letters, digits and "_" starting with a letter; dropped',
    'onError:invalid_cookie:stored identity: the login ID must be at most 255 characters; dropped',
  ]);
  assert.equal(await cookieValue(context), 'c=planted_cookie', 'rewritten: the cookie ID kept, the invalid values gone, the bound ID moved out');
  assert.deepEqual(await call(page, 'getIdentities'), {
    $identity_cookie_id: 'planted_cookie',
    $identity_mobile: '13800000000',
    $identity_anonymous_id: 'planted_cookie',
  });
  const start = server.events().length;
  await call(page, 'track', 'afterBadCookie');
  await call(page, 'flush');
  const [event] = (await server.waitForEvents(start + 1)).slice(start);
  const verdict = validateEvent(event);
  assert.ok(!isRejection(verdict), 'the collector accepts the event: ' + JSON.stringify(verdict));
  // The next page load finds nothing left to report.
  await page.reload();
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('long (CJK) IDs: the cookie is measured before it is written; it keeps the login ID and stays under 4 KB; a reload keeps everything', async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(site('a'));
  const long = (char: string) => char.repeat(255);
  await call(page, 'identify', long('匿'));
  await call(page, 'login', long('登'));
  // The case: three long bound IDs (they no longer go into the cookie at all).
  for (const key of ['wechat', 'alipay', 'weibo']) await call(page, 'bind', key, long('绑'));
  const before = await call(page, 'getIdentities');
  assert.deepEqual(await errors(page), [
    'onError:cookie_too_large:the identity cookie would pass 4 KB (long IDs); written without the anonymous ID',
    'onError:cookie_too_large:the identity cookie would pass 4 KB (long IDs); written without the anonymous ID',
    'onError:cookie_too_large:the identity cookie would pass 4 KB (long IDs); written without the anonymous ID',
    'onError:cookie_too_large:the identity cookie would pass 4 KB (long IDs); written without the anonymous ID',
  ], 'one report per cookie write that had to leave the anonymous ID out');
  const value = (await cookieValue(context))!;
  assert.ok(value.length < 4000, 'cookie of ' + value.length + ' bytes');
  assert.match(value, /&l=/, 'the login ID is in the cookie');
  await page.reload();
  assert.deepEqual(await call(page, 'getIdentities'), before, 'login, anonymous and bound IDs all survive the reload');
  assert.equal(await call(page, 'getLoginId'), long('登'));
  // Another subdomain shares the login through the cookie.
  const b = await context.newPage();
  await b.goto(site('b'));
  assert.equal(await call(b, 'getLoginId'), long('登'));
  await context.close();
});

test('privacy: bound business IDs are not in the registrable-domain cookie, only in this origin\'s storage; the seed payloads are unchanged', async () => {
  const context = await newContext();
  const a = await context.newPage();
  await a.goto(site('a'));
  await call(a, 'login', 'login_user_xx');
  await call(a, 'bind', '$identity_email', 'alice@example.com');
  await call(a, 'bind', '$identity_mobile', '13800000000');
  const identities = await call(a, 'getIdentities') as Record<string, string>;
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => [c.name, c.domain]), [['tracklet_id', '.tracklet.test']]);
  const value = cookies[0]!.value;
  assert.equal(value, 'c=' + identities.$identity_cookie_id + '&l=login_user_xx', 'the cookie holds the cookie and login IDs only');
  assert.doesNotMatch(value, /alice|13800000000/);
  // The $BindID events carry the bound IDs as the seed shows them.
  const start = server.events().length;
  await call(a, 'track', 'afterBind');
  await call(a, 'flush');
  const sent = (await server.waitForEvents(start + 1)).at(-1)!;
  assert.deepEqual(sent.identities, identities);
  await a.reload();
  assert.deepEqual(await call(a, 'getIdentities'), identities, 'this origin keeps its bound IDs across reloads');
  // The trade-off: a sibling subdomain shares the user, not the bound IDs, until it binds them.
  const b = await context.newPage();
  await b.goto(site('b'));
  assert.equal(await call(b, 'getLoginId'), 'login_user_xx');
  assert.deepEqual(await call(b, 'getIdentities'), { $identity_cookie_id: identities.$identity_cookie_id, $identity_login_id: 'login_user_xx', $identity_anonymous_id: identities.$identity_anonymous_id });
  // A logout on b: a's stored bound IDs belong to the old login and are not used again.
  await call(b, 'logout');
  await a.reload();
  assert.deepEqual(await call(a, 'getIdentities'), { $identity_cookie_id: identities.$identity_cookie_id, $identity_anonymous_id: identities.$identity_anonymous_id });
  const stored = await a.evaluate(() => localStorage.getItem('tracklet_id_ids'));
  assert.doesNotMatch(stored!, /alice|13800000000/, 'the old login\'s bound IDs are removed from storage: ' + stored);
  assert.deepEqual([...(await errors(a)), ...(await errors(b))], []);
  await context.close();
});

test('a cookie written by an earlier version, with bound IDs in it, is rewritten without them; they move to this origin', async () => {
  const context = await newContext();
  await context.addCookies([{ name: 'tracklet_id', value: 'c=old_user&l=u1&i_email=old%40example.com', domain: '.tracklet.test', path: '/', secure: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  await page.goto(site('a'));
  assert.equal(await cookieValue(context), 'c=old_user&l=u1');
  assert.equal(((await call(page, 'getIdentities')) as Record<string, string>).$identity_email, 'old@example.com');
  await page.reload();
  assert.equal(((await call(page, 'getIdentities')) as Record<string, string>).$identity_email, 'old@example.com');
  assert.deepEqual(await errors(page), []);
  await context.close();
});
