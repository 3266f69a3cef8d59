import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from './helpers/chromium';
import { sdkPage } from './helpers/pages';
import { call, errors, newContext, storage } from './helpers/surface';
import { startTestServer, type TestServer } from './helpers/test-server';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  server.page('/p.html', sdkPage(server.origin + '/collect'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs `calls` in a fresh page, flushes, and returns the events they produced. */
async function eventsOf(calls: [string, ...unknown[]][], expected: number) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  const start = server.events().length;
  for (const [method, ...args] of calls) await call(page, method, ...args);
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + expected)).slice(start);
  return { context, page, events };
}

test('profile calls send profile_* payloads with the user IDs, no event field and no page presets', async () => {
  const { context, page, events } = await eventsOf([
    ['login', 'user_1'],
    ['setProfile', { city: 'Paris', born: new Date(2000, 1, 3, 4, 5, 6, 7) }],
    ['setOnceProfile', { first_seen: 'today' }],
    ['incrementProfile', { points: 5, bad: 'x' }],
    ['appendProfile', { tags: 'a', more: ['b', 'c'] }],
    ['unsetProfile', ['hobby', 'city']],
    ['unsetProfile', 'nickname'],
    ['deleteProfile'],
  ], 8);
  const cookieId = (await call(page, 'getIdentities') as Record<string, string>).$identity_cookie_id;
  const [signup, ...profiles] = events;
  assert.equal(signup!.event, '$SignUp');
  assert.deepEqual(profiles.map((e) => [e.type, e.properties]), [
    ['profile_set', { city: 'Paris', born: '2000-02-03 04:05:06.007' }],
    ['profile_set_once', { first_seen: 'today' }],
    ['profile_increment', { points: 5 }],
    ['profile_append', { tags: ['a'], more: ['b', 'c'] }],
    ['profile_unset', { hobby: true, city: true }],
    ['profile_unset', { nickname: true }],
    ['profile_delete', {}],
  ]);
  for (const profile of profiles) {
    assert.deepEqual(Object.keys(profile).sort(), ['_flush_time', '_track_id', 'anonymous_id', 'distinct_id', 'identities', 'lib', 'login_id', 'properties', 'time', 'type']);
    assert.equal(profile.distinct_id, 'user_1');
    assert.equal(profile.login_id, 'user_1');
    assert.equal(profile.anonymous_id, cookieId);
    assert.deepEqual(profile.identities, { $identity_cookie_id: cookieId, $identity_login_id: 'user_1', $identity_anonymous_id: cookieId });
    assert.deepEqual(profile.lib, signup!.lib);
  }
  assert.deepEqual(await errors(page), ['onError:invalid_property:incrementProfile: "bad" dropped: must be a finite number']);
  await context.close();
});

test('an anonymous profile payload has no login_id; a profile call with nothing valid sends nothing', async () => {
  const { context, page, events } = await eventsOf([['setProfile', { 'bad key': 1 }], ['appendProfile', { n: 5 }], ['setProfile', { ok: 1 }]], 1);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.login_id, undefined);
  assert.equal(events[0]!.distinct_id, events[0]!.anonymous_id);
  assert.deepEqual(await errors(page), [
    'onError:invalid_property:setProfile: "bad key" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'onError:invalid_property:setProfile: no valid property; not sent',
    'onError:invalid_property:appendProfile: "n" dropped: must be a string or string list',
    'onError:invalid_property:appendProfile: no valid property; not sent',
  ]);
  await context.close();
});

test('super properties join every later track event, the call\'s own properties win, functions run per event', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  const start = server.events().length;
  await page.evaluate(() => {
    const t = (window as any).tracklet;
    let n = 0;
    t.registerSuperProperties({ member: 'VIP', points: 10, counter: () => ++n, named: (event: string) => 'in ' + event, broken: () => { throw new Error('nope'); } });
    t.track('buy', { points: 20 });
    t.track('view');
    t.setProfile({ city: 'Oslo' });
  });
  await call(page, 'flush');
  const [buy, view, profile] = (await server.waitForEvents(start + 3)).slice(start);
  const pick = (e: Record<string, unknown>) => {
    const { member, points, counter, named, broken } = e.properties as Record<string, unknown>;
    return { member, points, counter, named, broken };
  };
  assert.deepEqual(pick(buy!), { member: 'VIP', points: 20, counter: 1, named: 'in buy', broken: undefined });
  assert.deepEqual(pick(view!), { member: 'VIP', points: 10, counter: 2, named: 'in view', broken: undefined });
  assert.deepEqual(profile!.properties, { city: 'Oslo' }, 'profiles do not carry super properties');
  assert.equal((buy!.properties as Record<string, unknown>).$url, server.origin + '/p.html', 'page presets are still there');
  assert.deepEqual(await errors(page), [
    'onError:invalid_property:track("buy"): "broken" dropped: threw Error: nope',
    'onError:invalid_property:track("view"): "broken" dropped: threw Error: nope',
  ]);
  await context.close();
});

test('super properties persist across a reload in localStorage, never in the cookie; unregister and clear remove them', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  await call(page, 'registerSuperProperties', { member: 'VIP', level: 3, since: new Date(2024, 0, 1) });
  await page.evaluate(() => (window as any).tracklet.registerSuperProperties({ fn: () => 'x' }));
  await page.reload();
  assert.deepEqual(await call(page, 'getSuperProperties'), { member: 'VIP', level: 3, since: '2024-01-01 00:00:00.000' }, 'functions are not persisted');
  assert.deepEqual(JSON.parse((await storage(page)).tracklet_id_super!), { member: 'VIP', level: 3, since: '2024-01-01 00:00:00.000' });
  const [cookie] = await context.cookies();
  assert.doesNotMatch(cookie!.value, /VIP|member/);

  const start = server.events().length;
  await call(page, 'track', 'afterReload');
  await call(page, 'unregisterSuperProperty', 'member');
  await call(page, 'track', 'afterUnregister');
  await call(page, 'clearSuperProperties');
  await call(page, 'track', 'afterClear');
  await call(page, 'flush');
  const [a, b, c] = (await server.waitForEvents(start + 3)).slice(start).map((e) => e.properties as Record<string, unknown>);
  assert.deepEqual([a!.member, a!.level], ['VIP', 3]);
  assert.deepEqual([b!.member, b!.level], [undefined, 3]);
  assert.deepEqual([c!.member, c!.level], [undefined, undefined]);
  assert.equal((await storage(page)).tracklet_id_super, undefined);
  assert.deepEqual(await errors(page), []);
  await context.close();
});

test('timeEvent then track adds event_duration in seconds, leaving out the time the tab was hidden', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  const start = server.events().length;
  const setVisibility = (state: string) => page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
  await call(page, 'timeEvent', 'watch');
  await page.waitForTimeout(300);
  await setVisibility('hidden');
  await page.waitForTimeout(600);
  await setVisibility('visible');
  await page.waitForTimeout(100);
  await call(page, 'track', 'watch');
  await call(page, 'track', 'watch');
  await call(page, 'flush');
  const [timed, untimed] = (await server.waitForEvents(start + 2)).slice(start);
  const duration = (timed!.properties as Record<string, number>).event_duration!;
  assert.ok(duration >= 0.38 && duration < 0.85, 'visible time only (about 0.4 s, 1 s with the hidden time): ' + duration);
  assert.equal(Math.round(duration * 1000), duration * 1000, 'millisecond precision');
  assert.equal((untimed!.properties as Record<string, unknown>).event_duration, undefined, 'a timer is used once');
  await context.close();
});

test('invalid events are dropped, invalid properties dropped, long strings cut, each reported; hostile values do not throw', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  const start = server.events().length;
  await page.evaluate(() => {
    const t = (window as any).tracklet;
    t.track('bad name', { a: 1 });
    t.track('$SignUp');
    t.track(Symbol('s'));
    t.track('time');
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": "yes"}');
    Object.defineProperty(hostile, 'getter', { enumerable: true, get() { throw new Error('getter'); } });
    hostile.long = 'x'.repeat(1000);
    hostile.nan = NaN;
    hostile.tags = ['a', 'b'];
    t.track('good', hostile);
  });
  await call(page, 'flush');
  const events = (await server.waitForEvents(start + 1)).slice(start);
  assert.equal(events.length, 1);
  const props = events[0]!.properties as Record<string, unknown>;
  assert.equal(events[0]!.event, 'good');
  assert.equal(props.ok, 'yes');
  assert.equal(props.long, 'x'.repeat(255));
  assert.deepEqual(props.tags, ['a', 'b']);
  for (const key of ['__proto__', 'getter', 'nan', 'polluted']) assert.ok(!Object.prototype.hasOwnProperty.call(props, key), key);
  assert.equal(await page.evaluate(() => ({} as any).polluted), undefined);
  assert.deepEqual(await errors(page), [
    'onError:invalid_event:track("bad name"): the event name must be a letter then letters, digits or _ (1-99 chars); event dropped',
    'onError:invalid_event:track("$SignUp"): the event name must be a letter then letters, digits or _ (1-99 chars); event dropped',
    'onError:invalid_event:track(symbol): the event name must be a string; event dropped',
    'onError:invalid_event:track("time"): the event name is reserved; event dropped',
    'onError:invalid_property:track("good"): "__proto__" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
    'onError:invalid_property:track("good"): "getter" dropped: threw Error: getter',
    'onError:value_cut:track("good"): "long" cut to 255 characters',
    'onError:invalid_property:track("good"): "nan" dropped: must be a string, number, boolean, Date or string list',
  ]);
  await context.close();
});

test('registering a super property again replaces its value in the events that follow', async () => {
  const { context, page, events } = await eventsOf([
    ['registerSuperProperties', { member: 'VIP', level: 1 }],
    ['track', 'before'],
    ['registerSuperProperties', { member: 'Gold' }],
    ['track', 'after'],
  ], 2);
  assert.deepEqual(events.map((e) => [e.event, (e.properties as Record<string, unknown>).member, (e.properties as Record<string, unknown>).level]), [
    ['before', 'VIP', 1],
    ['after', 'Gold', 1],
  ]);
  assert.deepEqual(await call(page, 'getSuperProperties'), { member: 'Gold', level: 1 });
  await context.close();
});

test('reset() logs out, starts a new anonymous user with a new cookie ID, and clears super properties', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(server.origin + '/p.html');
  await call(page, 'login', 'shared_device_user');
  await call(page, 'registerSuperProperties', { member: 'VIP' });
  const before = (await call(page, 'getIdentities')) as Record<string, string>;
  await call(page, 'reset');
  const afterReset = (await call(page, 'getIdentities')) as Record<string, string>;
  assert.equal(await call(page, 'getLoginId'), '');
  assert.notEqual(afterReset.$identity_cookie_id, before.$identity_cookie_id);
  assert.deepEqual(afterReset, { $identity_cookie_id: afterReset.$identity_cookie_id, $identity_anonymous_id: afterReset.$identity_cookie_id });
  assert.deepEqual(await call(page, 'getSuperProperties'), {});
  const [cookie] = await context.cookies();
  assert.equal(cookie!.value, 'c=' + afterReset.$identity_cookie_id, 'the cookie holds the new user only');
  await call(page, 'track', 'nextUser');
  await call(page, 'flush');
  // Found by name: the login's $SignUp, sent at once but asynchronously, may arrive after it.
  await server.waitFor(() => server.events().some((e) => e.event === 'nextUser'), 'the next user\'s event');
  const event = server.events().find((e) => e.event === 'nextUser');
  assert.equal(event!.distinct_id, afterReset.$identity_cookie_id);
  assert.equal((event!.properties as Record<string, unknown>).member, undefined);
  assert.deepEqual(await errors(page), []);
  await context.close();
});
