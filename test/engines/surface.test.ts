import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERSION } from '../../src/version';
import { assertMatchesSeed } from '../fixtures/match-seed';
import { SEED_STEPS } from '../fixtures/seed-identity';
import { forEachEngine } from './helpers/suite';
import { call, enginePage, pageErrors } from './helpers/tab';

// The payloads of the public surface (identity calls, profiles, super properties, input
// validation) built by each engine's JavaScript, Date, Intl and crypto.

// Calls that emit nothing are followed by a $pageview, as in the seed's examples.
const SILENT_CALLS = ['identify', 'logout', 'resetAnonymousIdentity'];

forEachEngine((env) => {
  test('the built script reproduces every identity example of the seed document, in its order', async () => {
    const { profile, tab } = await env.open(enginePage(env.server));
    const start = env.server.events().length;
    const cookieId = await call<Record<string, string>>(tab, 'getIdentities').then((ids) => ids.$identity_cookie_id!);
    assert.match(cookieId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'the cookie ID is a v4 UUID');
    // This browser's own screen, viewport and time zone, which the presets must report.
    const environment = await tab.evaluate(() => ({
      $timezone_offset: new Date().getTimezoneOffset(), $screen_height: screen.height, $screen_width: screen.width,
      $viewport_height: innerHeight, $viewport_width: innerWidth, $is_first_day: true, $latest_referrer: '', $is_first_time: false,
    }));
    let expected = start;
    for (const step of SEED_STEPS) {
      await call(tab, ...(step.call as [string, ...unknown[]]));
      if (SILENT_CALLS.includes(step.call[0])) await call(tab, 'track', '$pageview');
      await call(tab, 'flush');
      const events = await env.server.waitForEvents(++expected);
      assert.equal(events.length, expected, step.section + ': exactly one event per step');
      assertMatchesSeed(events[expected - 1]!, step.payload, {
        cookieId: step.call[0] === 'resetAnonymousIdentity' ? 'your_new_anonymous_id' : cookieId,
        libVersion: VERSION,
        environment,
      }, env.engine + ' ' + step.section);
    }
    const events = env.server.events().slice(start);
    assert.equal(new Set(events.map((event) => event._track_id)).size, events.length, 'every _track_id is distinct');
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('profile calls send profile_* payloads with the user IDs, no event field and no page presets', async () => {
    const { profile, tab } = await env.open(enginePage(env.server));
    const start = env.server.events().length;
    await call(tab, 'login', 'user_1');
    await tab.evaluate(() => (window as any).tracklet.setProfile({ city: 'Paris', born: new Date(2000, 1, 3, 4, 5, 6, 7) }));
    for (const [method, arg] of [['setOnceProfile', { first_seen: 'today' }], ['incrementProfile', { points: 5, bad: 'x' }],
      ['appendProfile', { tags: 'a', more: ['b', 'c'] }], ['unsetProfile', ['hobby', 'city']], ['deleteProfile', undefined]] as const) {
      await call(tab, method, arg);
    }
    await call(tab, 'flush');
    const [signup, ...profiles] = (await env.server.waitForEvents(start + 7)).slice(start);
    const cookieId = (await call<Record<string, string>>(tab, 'getIdentities')).$identity_cookie_id;
    assert.equal(signup!.event, '$SignUp');
    assert.deepEqual(profiles.map((e) => [e.type, e.properties]), [
      ['profile_set', { city: 'Paris', born: '2000-02-03 04:05:06.007' }],
      ['profile_set_once', { first_seen: 'today' }],
      ['profile_increment', { points: 5 }],
      ['profile_append', { tags: ['a'], more: ['b', 'c'] }],
      ['profile_unset', { hobby: true, city: true }],
      ['profile_delete', {}],
    ]);
    for (const payload of profiles) {
      assert.deepEqual(Object.keys(payload).sort(), ['_flush_time', '_track_id', 'anonymous_id', 'distinct_id', 'identities', 'lib', 'login_id', 'properties', 'time', 'type']);
      assert.deepEqual([payload.distinct_id, payload.login_id, payload.anonymous_id], ['user_1', 'user_1', cookieId]);
      assert.deepEqual(payload.lib, signup!.lib);
    }
    assert.deepEqual(await pageErrors(tab), ['onError:invalid_property:incrementProfile: "bad" dropped: must be a finite number']);
    await profile.close();
  });

  test('super properties join later events (functions run per event) and persist across a reload, never in the cookie', async () => {
    const path = enginePage(env.server);
    const { profile, tab } = await env.open(path);
    await tab.evaluate(() => {
      let n = 0;
      (window as any).tracklet.registerSuperProperties({ member: 'VIP', points: 10, since: new Date(2024, 0, 1), counter: () => ++n });
    });
    const start = env.server.events().length;
    await tab.evaluate(() => {
      (window as any).tracklet.track('buy', { points: 20 });
      (window as any).tracklet.track('view');
      return (window as any).tracklet.flush();
    });
    const [buy, view] = (await env.server.waitForEvents(start + 2)).slice(start).map((e) => e.properties as Record<string, unknown>);
    assert.deepEqual([buy!.member, buy!.points, buy!.counter, buy!.since], ['VIP', 20, 1, '2024-01-01 00:00:00.000']);
    assert.deepEqual([view!.member, view!.points, view!.counter], ['VIP', 10, 2]);
    assert.equal(buy!.$url, env.server.origin + path, 'page presets are still there');
    await tab.reload();
    assert.deepEqual(await call(tab, 'getSuperProperties'), { member: 'VIP', points: 10, since: '2024-01-01 00:00:00.000' }, 'functions are not persisted');
    const [cookie] = await tab.cookies();
    assert.doesNotMatch(cookie!.value, /VIP|member/);
    await call(tab, 'clearSuperProperties');
    assert.deepEqual(await call(tab, 'getSuperProperties'), {});
    assert.deepEqual(await pageErrors(tab), []);
    await profile.close();
  });

  test('invalid events and properties are dropped and reported, long strings cut; hostile values neither throw nor pollute', async () => {
    const { profile, tab } = await env.open(enginePage(env.server));
    const start = env.server.events().length;
    await tab.evaluate(() => {
      const t = (window as any).tracklet;
      t.track('bad name', { a: 1 });
      t.track(Symbol('s'));
      const hostile = JSON.parse('{"__proto__": {"polluted": true}, "ok": "yes"}');
      Object.defineProperty(hostile, 'getter', { enumerable: true, get() { throw new Error('getter'); } });
      hostile.long = 'x'.repeat(1000);
      hostile.nan = NaN;
      t.track('good', hostile);
      return t.flush();
    });
    const events = (await env.server.waitForEvents(start + 1)).slice(start);
    assert.deepEqual(events.map((e) => e.event), ['good']);
    const props = events[0]!.properties as Record<string, unknown>;
    assert.equal(props.ok, 'yes');
    assert.equal(props.long, 'x'.repeat(255));
    for (const key of ['__proto__', 'getter', 'nan', 'polluted']) assert.ok(!Object.prototype.hasOwnProperty.call(props, key), key);
    assert.equal(await tab.evaluate(() => ({} as any).polluted ?? null), null, 'Object.prototype untouched in the page');
    assert.deepEqual(await pageErrors(tab), [
      'onError:invalid_event:track("bad name"): the event name must be a letter then letters, digits or _ (1-99 chars); event dropped',
      'onError:invalid_event:track(symbol): the event name must be a string; event dropped',
      'onError:invalid_property:track("good"): "__proto__" dropped: the key must be a letter then letters, digits or _ (1-99 chars)',
      'onError:invalid_property:track("good"): "getter" dropped: threw Error: getter',
      'onError:value_cut:track("good"): "long" cut to 255 characters',
      'onError:invalid_property:track("good"): "nan" dropped: must be a string, number, boolean, Date or string list',
    ]);
    await profile.close();
  });
});
