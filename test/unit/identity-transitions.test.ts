import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshState, identitiesOf, distinctIdOf, type IdentityState } from '../../src/identity/identity-state';
import { bind, identify, login, logout, resetAnonymousIdentity, unbind, type Transition } from '../../src/identity/transitions';

const start = freshState('cookie-1');
function ok(transition: Transition): { state: IdentityState; event?: unknown } {
  assert.ok(!('error' in transition), 'expected a new state, got: ' + JSON.stringify(transition));
  return transition as { state: IdentityState; event?: unknown };
}
function refused(transition: Transition): string {
  assert.ok('error' in transition, 'expected a refusal');
  return transition.error;
}

describe('identify', () => {
  test('replaces the anonymous ID, keeps the cookie ID, and is the distinct ID while anonymous', () => {
    const { state, event } = ok(identify(start, 'id_xx1'));
    assert.equal(event, undefined);
    assert.deepEqual(identitiesOf(state), { $identity_cookie_id: 'cookie-1', $identity_anonymous_id: 'id_xx1' });
    assert.equal(distinctIdOf(state), 'id_xx1');
  });
  test('while logged in changes the anonymous ID but not the distinct ID', () => {
    const { state } = ok(identify(ok(login(start, 'u1')).state, 'anon-2'));
    assert.equal(distinctIdOf(state), 'u1');
    assert.equal(state.anonymousId, 'anon-2');
  });
  test('the same ID again returns the same state (no cookie write)', () => {
    const once = ok(identify(start, 'x')).state;
    assert.equal(ok(identify(once, 'x')).state, once);
  });
});

describe('login', () => {
  test('emits $SignUp with original_id = the anonymous ID', () => {
    const { state, event } = ok(login(ok(identify(start, 'id_xx1')).state, 'login_user_xx'));
    assert.deepEqual(event, { type: 'track_signup', originalId: 'id_xx1' });
    assert.equal(distinctIdOf(state), 'login_user_xx');
    assert.deepEqual(Object.keys(identitiesOf(state)), ['$identity_cookie_id', '$identity_login_id', '$identity_anonymous_id']);
  });
  test('the same login ID twice emits one $SignUp only', () => {
    const first = ok(login(start, 'u1'));
    const second = ok(login(first.state, 'u1'));
    assert.equal(second.event, undefined);
    assert.equal(second.state, first.state);
  });
  test('another login ID while logged in switches account and drops the old bound IDs', () => {
    const withPhone = ok(bind(ok(login(start, 'u1')).state, 'mobile', '100')).state;
    const { state, event } = ok(login(withPhone, 'u2'));
    assert.deepEqual(event, { type: 'track_signup', originalId: 'cookie-1' });
    assert.equal(state.loginId, 'u2');
    assert.deepEqual(state.bindings, {});
  });
  test('IDs bound while anonymous are kept by the first login', () => {
    const anonymousPhone = ok(bind(start, 'mobile', '100')).state;
    assert.deepEqual(ok(login(anonymousPhone, 'u1')).state.bindings, { $identity_mobile: '100' });
  });
  test('a login ID equal to the anonymous ID is accepted and still emits $SignUp', () => {
    const { state, event } = ok(login(start, 'cookie-1'));
    assert.deepEqual(event, { type: 'track_signup', originalId: 'cookie-1' });
    assert.equal(state.loginId, 'cookie-1');
  });
  test('numbers become strings; empty, blank, non-string and over-long IDs are refused', () => {
    assert.equal(ok(login(start, 42 as unknown as string)).state.loginId, '42');
    assert.match(refused(login(start, '')), /must not be empty/);
    assert.match(refused(login(start, '   ')), /must not be empty/);
    assert.match(refused(login(start, null as unknown as string)), /must be a string, got null/);
    assert.match(refused(login(start, {} as unknown as string)), /got object/);
    assert.match(refused(login(start, NaN as unknown as string)), /got number/);
    assert.match(refused(login(start, 'x'.repeat(256))), /at most 255/);
    assert.equal(ok(login(start, 'x'.repeat(255))).state.loginId.length, 255);
  });
});

describe('bind and unbind', () => {
  const loggedIn = ok(login(ok(identify(start, 'id_xx1')).state, 'login_user_xx')).state;
  test('bind adds the pair between login and anonymous IDs and emits $BindID', () => {
    const { state, event } = ok(bind(loggedIn, '$identity_mobile', '187****8991'));
    assert.deepEqual(event, { type: 'track_id_bind' });
    assert.deepEqual(Object.entries(identitiesOf(state)), [
      ['$identity_cookie_id', 'cookie-1'],
      ['$identity_login_id', 'login_user_xx'],
      ['$identity_mobile', '187****8991'],
      ['$identity_anonymous_id', 'id_xx1'],
    ]);
  });
  test('a bare key is prefixed with $identity_', () => {
    assert.deepEqual(ok(bind(start, 'email', 'a@b.c')).state.bindings, { $identity_email: 'a@b.c' });
  });
  test('binding the pair already bound emits nothing', () => {
    const bound = ok(bind(loggedIn, 'mobile', '1')).state;
    const again = ok(bind(bound, '$identity_mobile', '1'));
    assert.equal(again.event, undefined);
    assert.equal(again.state, bound);
  });
  test('a new value for a key already bound replaces the old one and emits $BindID', () => {
    const bound = ok(bind(loggedIn, 'mobile', '1')).state;
    const { state, event } = ok(bind(bound, 'mobile', '2'));
    assert.deepEqual(event, { type: 'track_id_bind' });
    assert.deepEqual(state.bindings, { $identity_mobile: '2' });
    assert.equal(identitiesOf(state).$identity_mobile, '2');
  });
  test('keys tracklet manages and malformed keys are refused', () => {
    assert.match(refused(bind(start, '$identity_login_id', 'x')), /managed by tracklet/);
    assert.match(refused(bind(start, '$identity_cookie_id', 'x')), /managed by tracklet/);
    assert.match(refused(bind(start, 'anonymous_id', 'x')), /managed by tracklet/);
    assert.match(refused(bind(start, '$identity_', 'x')), /must be "\$identity_"/);
    assert.match(refused(bind(start, '9lives', 'x')), /must be "\$identity_"/);
    assert.match(refused(bind(start, 'mobile', '')), /value of \$identity_mobile must not be empty/);
  });
  test('unbind emits $UnbindID carrying only the pair, and forgets it', () => {
    const bound = ok(bind(loggedIn, 'mobile', '1')).state;
    const { state, event } = ok(unbind(bound, '$identity_mobile', '1'));
    assert.deepEqual(event, { type: 'track_id_unbind', identities: { $identity_mobile: '1' } });
    assert.deepEqual(state.bindings, {});
  });
  test('unbind forgets only its pair: the other bound IDs stay', () => {
    const both = ok(bind(ok(bind(loggedIn, 'mobile', '1')).state, 'email', 'a@b.c')).state;
    assert.deepEqual(ok(unbind(both, 'mobile', '1')).state.bindings, { $identity_email: 'a@b.c' });
  });
  test('unbind of a pair this browser never bound is still sent, and changes nothing here', () => {
    const bound = ok(bind(loggedIn, 'mobile', '1')).state;
    const { state, event } = ok(unbind(bound, 'mobile', '2'));
    assert.deepEqual(event, { type: 'track_id_unbind', identities: { $identity_mobile: '2' } });
    assert.equal(state, bound);
  });
});

describe('logout and resetAnonymousIdentity', () => {
  test('logout forgets the login ID and bound IDs and emits nothing', () => {
    const bound = ok(bind(ok(login(start, 'u1')).state, 'mobile', '1')).state;
    const { state, event } = ok(logout(bound));
    assert.equal(event, undefined);
    assert.deepEqual(state, { ...start });
  });
  test('logout while anonymous forgets the IDs bound during that visit', () => {
    const bound = ok(bind(start, 'mobile', '1')).state;
    const { state, event } = ok(logout(bound));
    assert.equal(event, undefined);
    assert.deepEqual(state.bindings, {});
    assert.deepEqual(identitiesOf(state), { $identity_cookie_id: 'cookie-1', $identity_anonymous_id: 'cookie-1' });
  });
  test('logout while anonymous without bound IDs changes nothing', () => {
    assert.equal(ok(logout(start)).state, start);
  });
  test('resetAnonymousIdentity sets cookie and anonymous IDs to the given ID, or a new one', () => {
    const identified = ok(identify(start, 'id_xx1')).state;
    assert.deepEqual(ok(resetAnonymousIdentity(identified, 'your_new_anonymous_id', 'unused')).state, freshState('your_new_anonymous_id'));
    assert.deepEqual(ok(resetAnonymousIdentity(identified, undefined, 'generated')).state, freshState('generated'));
  });
  test('resetAnonymousIdentity drops IDs bound while anonymous: they belonged to the old user', () => {
    const bound = ok(bind(start, 'mobile', '1')).state;
    assert.deepEqual(ok(resetAnonymousIdentity(bound, undefined, 'n')).state.bindings, {});
  });
  test('resetAnonymousIdentity is refused while logged in', () => {
    assert.match(refused(resetAnonymousIdentity(ok(login(start, 'u1')).state, 'x', 'n')), /logout\(\) first/);
  });
  test('resetAnonymousIdentity refuses an invalid ID', () => {
    assert.match(refused(resetAnonymousIdentity(start, '', 'n')), /must not be empty/);
  });
});
