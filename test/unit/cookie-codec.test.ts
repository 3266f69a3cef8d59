import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeIdentity, encodeIdentity } from '../../src/identity/cookie-codec';
import { freshState } from '../../src/identity/identity-state';

test('a fresh identity is just the cookie ID', () => {
  assert.equal(encodeIdentity(freshState('u1')), 'c=u1');
});

test('every field round-trips, including characters a cookie may not hold', () => {
  const state = {
    cookieId: 'c1',
    anonymousId: 'a b;c,d"e',
    loginId: '用户=1&2',
    bindings: { $identity_mobile: '187****8991', $identity_email: 'x+y@z.com' },
  };
  const text = encodeIdentity(state);
  assert.doesNotMatch(text, /[;, "\\]/, 'cookie-safe: ' + text);
  assert.deepEqual(decodeIdentity(text), state);
});

test('a missing, empty or foreign cookie decodes to null, never throws', () => {
  for (const text of [undefined, '', 'garbage', '%E0%A4%A', 'a=1&l=2', [1, 2], [[1, 2, 3]], 5, { l: 'x' }]) assert.equal(decodeIdentity(text), null);
});

test('no cookie at all is a new user, not a problem to report', () => {
  // The store reports every problem through onError (invalid_cookie): a first visit has none.
  for (const text of [undefined, null, '']) {
    const problems: string[] = [];
    assert.equal(decodeIdentity(text, problems), null);
    assert.deepEqual(problems, []);
  }
});

test('each value read is checked like an identity call checks it: what is invalid is left out and described', () => {
  const problems: string[] = [];
  const text = 'c=u1&a=%20%20&l=' + 'x'.repeat(300) + '&i_bad-key=v&i_cookie_id=x&i_mobile=' + 'm'.repeat(256) + '&i_email=a%40b.c&other=1';
  assert.deepEqual(decodeIdentity(text, problems), { cookieId: 'u1', anonymousId: 'u1', loginId: '', bindings: { $identity_email: 'a@b.c' } });
  assert.deepEqual(problems, [
    'the bound ID key "i_bad-key" must be "$identity_" and a name of letters, digits and "_" starting with a letter',
    'the bound ID key "i_cookie_id" is managed by tracklet; use login() or identify()',
    'the bound ID $identity_mobile must be at most 255 characters',
    'the anonymous ID must not be empty or blank',
    'the login ID must be at most 255 characters',
  ]);
});

test('an invalid cookie ID makes the whole value a new user, with its reason', () => {
  const problems: string[] = [];
  assert.equal(decodeIdentity('c=' + 'x'.repeat(256) + '&l=alice', problems), null);
  assert.deepEqual(problems, ['the cookie ID must be at most 255 characters', 'no valid cookie ID']);
});

test('the cookie form leaves the bound IDs out', () => {
  const state = { cookieId: 'c1', anonymousId: 'a1', loginId: 'l1', bindings: { $identity_email: 'x@y.z' } };
  assert.equal(encodeIdentity(state, false), 'c=c1&a=a1&l=l1');
  assert.equal(encodeIdentity(state), 'c=c1&a=a1&l=l1&i_email=x%40y.z');
});
