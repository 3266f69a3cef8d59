import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IdentityStore } from '../../src/identity/cookie-store';
import { createIdentity } from '../../src/identity/create-identity';
import { freshState, type IdentityState } from '../../src/identity/identity-state';
import { identify, login } from '../../src/identity/transitions';

/** An IdentityStore in memory that counts its writes (each would be a document.cookie write). */
function memoryStore(initial: IdentityState | null = null) {
  const store = { saved: initial, writes: 0 } as { saved: IdentityState | null; writes: number } & IdentityStore;
  store.load = () => store.saved;
  store.save = (state) => void ((store.saved = state), store.writes++);
  store.clear = () => void (store.saved = null);
  return store;
}

test('a browser without a stored identity gets a fresh one, saved at once and marked new', () => {
  const store = memoryStore();
  const identity = createIdentity(store, () => 'new-id');
  assert.equal(identity.isNew, true);
  assert.deepEqual(identity.get(), freshState('new-id'));
  assert.deepEqual(store.saved, freshState('new-id'));
  assert.equal(store.writes, 1);
});

test('a stored identity is loaded as it is, not new, and not written again', () => {
  const stored = { ...freshState('c1'), loginId: 'u1' };
  const store = memoryStore(stored);
  const identity = createIdentity(store, () => assert.fail('no new ID for a known browser'));
  assert.equal(identity.isNew, false);
  assert.equal(identity.get(), stored);
  assert.equal(store.writes, 0);
});

test('apply saves a changed state only, passes the event on, and refusals through', () => {
  const store = memoryStore(freshState('c1'));
  const identity = createIdentity(store, () => 'unused');
  assert.deepEqual(identity.apply(login(identity.get(), 'u1')), { event: { type: 'track_signup', originalId: 'c1' } });
  assert.equal(identity.get().loginId, 'u1');
  assert.equal(store.saved!.loginId, 'u1');
  assert.equal(store.writes, 1);
  assert.deepEqual(identity.apply(login(identity.get(), 'u1')), {}, 'the same login: no event');
  assert.deepEqual(identity.apply(identify(identity.get(), 'c1')), {});
  assert.equal(store.writes, 1, 'an unchanged state is not written');
  assert.deepEqual(identity.apply({ error: 'bad' }), { error: 'bad' });
  assert.equal(identity.get().loginId, 'u1');
});

test('reload picks up what another tab stored, and keeps memory when the store has nothing', () => {
  const store = memoryStore(freshState('c1'));
  const identity = createIdentity(store, () => 'unused');
  store.saved = { ...freshState('c1'), loginId: 'other-tab' };
  identity.reload();
  assert.equal(identity.get().loginId, 'other-tab');
  store.saved = null;
  identity.reload();
  assert.equal(identity.get().loginId, 'other-tab');
});
