import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_TYPES, isRejection, validateEvent } from '../../demo/collector/validate';
import { trackEvent, type TestEvent } from './helpers/collector-server';

const base = trackEvent('c1');
const signup = { ...base, type: 'track_signup', event: '$SignUp', distinct_id: 'u1', login_id: 'u1', original_id: 'c1' };
const profile = (type: string, properties: unknown): TestEvent => ({ ...base, type, event: undefined, properties });

/** Asserts the event is refused and the reason names `field`. */
function refused(event: unknown, field: string, reason?: RegExp) {
  const result = validateEvent(event);
  assert.ok(isRejection(result), 'expected a rejection for ' + field + ', got acceptance');
  assert.equal(result.field, field);
  assert.ok(result.reason.startsWith(field), result.reason);
  if (reason) assert.match(result.reason, reason);
}

test('accepts the seed payloads of every type', () => {
  const accepted = [
    base,
    signup,
    { ...base, type: 'track_id_bind', event: '$BindID', identities: { ...(base.identities as object), $identity_mobile: '187****8991' } },
    { ...base, type: 'track_id_unbind', event: '$UnbindID', identities: { $identity_mobile: '187****8991' } },
    profile('profile_set', { name: 'Ada' }),
    profile('profile_set_once', { first: true }),
    profile('profile_increment', { visits: 2 }),
    profile('profile_append', { tags: ['a', 'b'] }),
    profile('profile_unset', { plan: true }),
    profile('profile_delete', {}),
  ];
  assert.equal(accepted.length, EVENT_TYPES.length);
  for (const event of accepted) assert.ok(!isRejection(validateEvent(event)), JSON.stringify(validateEvent(event)));
});

test('refuses what is not an object, and unknown types', () => {
  refused([base], '');
  refused('text', '');
  refused({ ...base, type: 'track_everything' }, 'type', /one of track, track_signup/);
  refused({ ...base, type: undefined }, 'type');
});

test('distinct_id must be a non-empty string of at most 255 characters', () => {
  refused({ ...base, distinct_id: undefined }, 'distinct_id');
  refused({ ...base, distinct_id: '' }, 'distinct_id');
  refused({ ...base, distinct_id: '   ' }, 'distinct_id');
  refused({ ...base, distinct_id: 42 }, 'distinct_id', /got 42/);
  refused({ ...base, distinct_id: 'x'.repeat(256) }, 'distinct_id', /255/);
});

test('identities must be an object of non-empty string values', () => {
  refused({ ...base, identities: undefined }, 'identities');
  refused({ ...base, identities: ['c1'] }, 'identities');
  refused({ ...base, identities: { $identity_cookie_id: 5 } }, 'identities.$identity_cookie_id');
  refused({ ...base, identities: { $identity_cookie_id: '' } }, 'identities.$identity_cookie_id');
  refused({ ...base, identities: JSON.parse('{"__proto__":"x"}') }, 'identities');
});

test('properties must be an object without prototype keys', () => {
  refused({ ...base, properties: undefined }, 'properties');
  refused({ ...base, properties: [1] }, 'properties');
  refused({ ...base, properties: 'a=1' }, 'properties');
  refused({ ...base, properties: JSON.parse('{"__proto__":{"polluted":1}}') }, 'properties', /"__proto__", which must be a letter/);
  refused({ ...base, properties: { constructor: 'x' } }, 'properties', /"constructor", which is reserved/);
  refused({ ...base, properties: { prototype: 'x' } }, 'properties', /"prototype", which is reserved/);
});

test('time must be a positive number; _track_id an integer; _flush_time a number when present', () => {
  refused({ ...base, time: '1711621218552' }, 'time');
  refused({ ...base, time: -1 }, 'time');
  refused({ ...base, time: undefined }, 'time');
  refused({ ...base, _track_id: undefined }, '_track_id');
  refused({ ...base, _track_id: '828798553' }, '_track_id');
  refused({ ...base, _track_id: 1.5 }, '_track_id');
  refused({ ...base, _flush_time: 'soon' }, '_flush_time');
  assert.ok(!isRejection(validateEvent({ ...base, _flush_time: undefined })));
});

test('login_id and anonymous_id must be non-empty strings when present', () => {
  refused({ ...base, login_id: '' }, 'login_id');
  refused({ ...base, anonymous_id: 7 }, 'anonymous_id');
});

test('track events need an event name by the SDK rule, "$" allowed for presets', () => {
  refused({ ...base, event: undefined }, 'event');
  refused({ ...base, event: '' }, 'event');
  refused({ ...base, event: '9lives' }, 'event');
  refused({ ...base, event: 'has space' }, 'event');
  refused({ ...base, event: 'a'.repeat(100) }, 'event');
  assert.ok(!isRejection(validateEvent({ ...base, event: '$WebClick' })));
  assert.ok(!isRejection(validateEvent({ ...base, event: 'a'.repeat(99) })));
});

test('identity types carry their fixed event name', () => {
  refused({ ...signup, event: 'SignUp' }, 'event', /"\$SignUp"/);
  refused({ ...base, type: 'track_id_bind', event: '$pageview' }, 'event', /"\$BindID"/);
  refused({ ...base, type: 'track_id_unbind', event: undefined, identities: { $identity_mobile: '1' } }, 'event', /"\$UnbindID"/);
});

test('track_signup needs an original_id', () => {
  refused({ ...signup, original_id: undefined }, 'original_id');
  refused({ ...signup, original_id: '' }, 'original_id');
});

test('bind and unbind carry at least one identity', () => {
  refused({ ...base, type: 'track_id_bind', event: '$BindID', identities: {} }, 'identities', /at least one/);
  refused({ ...base, type: 'track_id_unbind', event: '$UnbindID', identities: {} }, 'identities', /at least one/);
});

test('profile_increment takes numbers and profile_append arrays of strings', () => {
  refused(profile('profile_increment', { visits: '2' }), 'properties.visits', /finite number/);
  refused(profile('profile_increment', { visits: null }), 'properties.visits');
  refused(profile('profile_append', { tags: 'a' }), 'properties.tags', /array of strings/);
  refused(profile('profile_append', { tags: ['a', 1] }), 'properties.tags');
});
