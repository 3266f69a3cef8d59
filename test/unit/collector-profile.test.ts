import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyProfile, mergeProfiles } from '../../demo/collector/profile-ops';
import { postEvents, request, startTestCollector, sqlValue } from './helpers/collector-server';
import { fakeBrowser } from './helpers/fake-browser';

test('applyProfile: set overwrites, set_once fills only absent keys', () => {
  assert.deepEqual(applyProfile({ a: 1 }, 'profile_set', { a: 2, b: 'x' }), { a: 2, b: 'x' });
  assert.deepEqual(applyProfile({ a: 1 }, 'profile_set_once', { a: 2, b: 'x' }), { a: 1, b: 'x' });
  assert.deepEqual(applyProfile({ a: null }, 'profile_set_once', { a: 2 }), { a: null }, 'a key set to null is present');
});

test('applyProfile: increment adds, counting absent or non-numeric values as 0', () => {
  assert.deepEqual(applyProfile({ n: 2 }, 'profile_increment', { n: 3, m: -1 }), { n: 5, m: -1 });
  assert.deepEqual(applyProfile({ n: 'two' }, 'profile_increment', { n: 3 }), { n: 3 });
});

test('applyProfile: append concatenates lists, counting absent or non-list values as empty', () => {
  assert.deepEqual(applyProfile({ tags: ['a'] }, 'profile_append', { tags: ['b', 'c'] }), { tags: ['a', 'b', 'c'] });
  assert.deepEqual(applyProfile({ tags: 'a' }, 'profile_append', { tags: ['b'], more: ['x'] }), { tags: ['b'], more: ['x'] });
});

test('applyProfile: unset removes the named keys, delete empties the profile, the input is untouched', () => {
  const profile = { a: 1, b: 2 };
  assert.deepEqual(applyProfile(profile, 'profile_unset', { a: true, zz: true }), { b: 2 });
  assert.deepEqual(applyProfile(profile, 'profile_delete', {}), {});
  assert.deepEqual(profile, { a: 1, b: 2 });
});

test('mergeProfiles: the surviving user\'s values win', () => {
  assert.deepEqual(mergeProfiles({ plan: 'pro' }, { plan: 'free', city: 'Oslo' }), { plan: 'pro', city: 'Oslo' });
});

let collector: Awaited<ReturnType<typeof startTestCollector>>;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

test('profile_* events update the user\'s profile in arrival order, through HTTP', async () => {
  const b = fakeBrowser('profile-browser');
  const steps: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['profile_set', { name: 'Ada', plan: 'free' }, { name: 'Ada', plan: 'free' }],
    ['profile_set_once', { name: 'Grace', first_visit: '2024-05-01' }, { name: 'Ada', plan: 'free', first_visit: '2024-05-01' }],
    ['profile_increment', { visits: 2 }, { name: 'Ada', plan: 'free', first_visit: '2024-05-01', visits: 2 }],
    ['profile_increment', { visits: 3 }, { name: 'Ada', plan: 'free', first_visit: '2024-05-01', visits: 5 }],
    ['profile_append', { tags: ['beta'] }, { name: 'Ada', plan: 'free', first_visit: '2024-05-01', visits: 5, tags: ['beta'] }],
    ['profile_unset', { plan: true }, { name: 'Ada', first_visit: '2024-05-01', visits: 5, tags: ['beta'] }],
    ['profile_delete', {}, {}],
  ];
  for (const [type, properties, expected] of steps) {
    const event = b.profile(type, properties);
    const answer = await postEvents(collector, [event]);
    assert.equal(answer.body.stored, 1, type);
    const userId = (await sqlValue(collector, 'SELECT user_id FROM events WHERE track_id = ?', event._track_id)) as number;
    const user = (await request(collector.url + '/api/users/' + userId)).body;
    assert.deepEqual(user.profile, expected, 'after ' + type);
  }
});

test('a re-sent increment is applied once', async () => {
  const b = fakeBrowser('profile-dedupe');
  const increment = b.profile('profile_increment', { logins: 1 });
  for (let attempt = 0; attempt < 3; attempt++) assert.equal((await postEvents(collector, [increment])).status, 200);
  const userId = (await sqlValue(collector, 'SELECT user_id FROM events WHERE track_id = ?', increment._track_id)) as number;
  assert.deepEqual((await request(collector.url + '/api/users/' + userId)).body.profile, { logins: 1 });
});

test('profiles of a logged-in user follow the login across browsers', async () => {
  const phone = fakeBrowser('profile-phone');
  const laptop = fakeBrowser('profile-laptop');
  for (const event of [phone.login('henry'), phone.profile('profile_set', { city: 'Oslo' }), laptop.login('henry'), laptop.profile('profile_increment', { devices: 2 })]) {
    assert.equal((await postEvents(collector, [event])).status, 200);
  }
  const userId = (await collector.queries.userIdByValue('henry'))!;
  assert.deepEqual((await collector.queries.user(userId))?.profile, { city: 'Oslo', devices: 2 });
});

test('profile_set_once sets keys named like Object.prototype members (toString, valueOf, constructor…)', async () => {
  const names = ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'isPrototypeOf', '__defineGetter__'];
  const once = Object.fromEntries(names.map((name) => [name, 'v-' + name]));
  assert.deepEqual(applyProfile({}, 'profile_set_once', once), once, 'each is absent from a fresh profile');
  assert.deepEqual(applyProfile({ toString: 'kept' }, 'profile_set_once', { toString: 'later' }), { toString: 'kept' }, 'and present once set');
  assert.deepEqual(applyProfile({}, 'profile_increment', { valueOf: 2 }), { valueOf: 2 }, 'an inherited function is not a current value');
  assert.deepEqual(applyProfile({}, 'profile_append', { toString: ['a'] }), { toString: ['a'] });
  // Through HTTP the shared naming rules (src/events/validate-name.ts) refuse these names as
  // keys, with a reason, before any profile operation sees them; a profile without them is set.
  const b = fakeBrowser('profile-proto');
  const refused = b.profile('profile_set_once', { toString: 'a', valueOf: 'b', hasOwnProperty: 'c', plan: 'free' });
  const answer = await postEvents(collector, [refused]);
  assert.equal(answer.status, 400);
  assert.match(JSON.stringify(answer.body), /toString.*is reserved/);
  const event = b.profile('profile_set_once', { plan: 'free' });
  assert.equal((await postEvents(collector, [event])).status, 200);
  const userId = (await sqlValue(collector, 'SELECT user_id FROM events WHERE track_id = ?', event._track_id)) as number;
  assert.deepEqual((await request(collector.url + '/api/users/' + userId)).body.profile, { plan: 'free' });
});
