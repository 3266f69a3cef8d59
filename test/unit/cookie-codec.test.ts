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
  for (const text of [undefined, '', 'garbage', '%E0%A4%A', 'a=1&l=2']) assert.equal(decodeIdentity(text), null);
});
