import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../browser/helpers/test-server';
import { forEachEngine } from './helpers/suite';
import { call, enginePage, pageErrors } from './helpers/tab';

// Identity and its cookie, in Chromium, Firefox and WebKit (Safari's engine).
forEachEngine((env) => {
  test('identity survives a reload and a closed tab, in one small SameSite=Lax cookie that holds IDs only', async () => {
    const path = enginePage(env.server);
    const { profile, tab } = await env.open(path);
    await call(tab, 'identify', 'id_xx1');
    await call(tab, 'login', 'login_user_xx');
    await call(tab, 'bind', '$identity_mobile', '187****8991');
    const identities = await call<Record<string, string>>(tab, 'getIdentities');
    await tab.reload();
    assert.deepEqual(await call(tab, 'getIdentities'), identities, 'after a reload');
    // Closed, then the site opened again in a new tab.
    const next = await profile.newTab();
    await tab.close();
    await next.goto(env.server.origin + path);
    assert.deepEqual(await call(next, 'getIdentities'), identities, 'in a new tab after the first was closed');
    assert.equal(await call(next, 'getDistinctId'), 'login_user_xx');

    const cookies = await next.cookies();
    assert.deepEqual(cookies.map((c) => c.name), ['tracklet_id'], 'exactly one cookie');
    const [cookie] = cookies;
    // Bound business IDs stay out of the shared cookie (origin storage keeps them; see the README).
    assert.equal(cookie!.value, `c=${identities.$identity_cookie_id}&a=id_xx1&l=login_user_xx`);
    assert.ok(cookie!.value.length < 120, 'the cookie stays small: ' + cookie!.value.length + ' bytes');
    assert.equal(cookie!.sameSite, 'Lax');
    assert.equal(cookie!.path, '/');
    assert.equal(cookie!.secure, false, 'not Secure on http');
    assert.equal(cookie!.domain.replace(/^\./, ''), '127.0.0.1', 'on the page\'s host');
    const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
    assert.ok(days > 360 && days < 366, 'expires in a year, got ' + days);
    assert.deepEqual(await pageErrors(next), []);
    await profile.close();
  });

  test('on https the cookie is Secure and SameSite=Lax', async () => {
    const secure = await startTestServer({ https: true });
    try {
      const { profile, tab } = await (async () => {
        const profile = await env.browser.newProfile();
        const tab = await profile.newTab();
        await tab.goto(secure.origin + enginePage(secure));
        return { profile, tab };
      })();
      const id = await call<string>(tab, 'getDistinctId');
      const cookies = await tab.cookies();
      assert.deepEqual(cookies.map((c) => [c.name, c.value, c.secure, c.sameSite]), [['tracklet_id', 'c=' + id, true, 'Lax']]);
      assert.deepEqual(await pageErrors(tab), []);
      await profile.close();
    } finally {
      await secure.close();
    }
  });

  test('with cookies blocked, identity lives in memory for the page, events still go, nothing throws', async () => {
    // document.cookie throws, as in a sandboxed frame or under a strict privacy setting.
    const blocked = `Object.defineProperty(Document.prototype, 'cookie', {
      get() { throw new DOMException('blocked', 'SecurityError'); },
      set() { throw new DOMException('blocked', 'SecurityError'); } });`;
    const { profile, tab } = await env.open(enginePage(env.server, {}, { before: blocked }));
    const start = env.server.events().length;
    await call(tab, 'login', 'memory_user');
    await call(tab, 'track', 'afterLogin');
    await call(tab, 'flush');
    const events = (await env.server.waitForEvents(start + 2)).slice(start);
    assert.deepEqual(events.map((e) => e.event).sort(), ['$SignUp', 'afterLogin']);
    const afterLogin = events.find((e) => e.event === 'afterLogin')!;
    assert.equal(afterLogin.distinct_id, 'memory_user');
    assert.equal(new Set(events.map((e) => e.anonymous_id)).size, 1, 'one anonymous ID for the page');
    assert.deepEqual(await pageErrors(tab), []);
    assert.deepEqual(await tab.cookies(), []);
    await profile.close();
  });
});
