import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPayload } from '../../src/events/build-payload';
import { freshState } from '../../src/identity/identity-state';
import { VERSION } from '../../src/version';

const loggedIn = { cookieId: 'c', anonymousId: 'a', loginId: 'u', bindings: { $identity_mobile: 'm' } };

test('a track payload has the seed keys in the seed order', () => {
  const payload = buildPayload({ identity: loggedIn, type: 'track', event: 'buy', properties: { p: 1 }, time: 5, trackId: 7 });
  assert.deepEqual(Object.keys(payload), ['identities', 'distinct_id', 'lib', 'properties', 'login_id', 'anonymous_id', 'type', 'event', 'time', '_track_id']);
  assert.deepEqual(payload.lib, { $lib: 'js', $lib_method: 'code', $lib_version: VERSION });
  assert.equal(payload.distinct_id, 'u');
  assert.deepEqual(payload.properties, { p: 1 });
});

test('anonymous payloads have no login_id', () => {
  const payload = buildPayload({ identity: freshState('c'), type: 'track', event: 'e', properties: {}, time: 1, trackId: 1 });
  assert.equal('login_id' in payload, false);
  assert.equal(payload.distinct_id, 'c');
});

test('$SignUp carries original_id', () => {
  const payload = buildPayload({ identity: loggedIn, type: 'track_signup', event: '$SignUp', properties: {}, time: 1, trackId: 1, originalId: 'a' });
  assert.equal(payload.original_id, 'a');
});

test('$UnbindID carries only the unbound pair and no login_id or anonymous_id', () => {
  const payload = buildPayload({ identity: loggedIn, type: 'track_id_unbind', event: '$UnbindID', properties: {}, time: 1, trackId: 1, identities: { $identity_mobile: 'm' } });
  assert.deepEqual(payload.identities, { $identity_mobile: 'm' });
  assert.deepEqual(Object.keys(payload), ['identities', 'distinct_id', 'lib', 'properties', 'type', 'event', 'time', '_track_id']);
});

test('a profile payload has no event key at all (the seed shape), not an undefined one', () => {
  const payload = buildPayload({ identity: loggedIn, type: 'profile_set', properties: { plan: 'pro' }, time: 1, trackId: 1 });
  assert.deepEqual(Object.keys(payload), ['identities', 'distinct_id', 'lib', 'properties', 'login_id', 'anonymous_id', 'type', 'time', '_track_id']);
  assert.equal('event' in payload, false);
});
